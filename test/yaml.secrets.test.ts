// A key written in a YAML file is registered when the file is scanned, so no output shows it:
// not `NAME=value` lines (which the generic net catches) but YAML pairs, list items and tool configs.
import { describe, expect, it } from 'vitest';
import { scanYaml } from '../src/scan/yaml/index.js';
import { maskSecrets } from '../src/secrets.js';

const options = { baseUrl: 'https://api.fluxrouter.ai/v1', keyEnv: 'FLUX_API_KEY' };

describe('keys in YAML files are never printed', () => {
  it.each([
    ['docker-compose.yml', 'services:\n  app:\n    build: .\n    environment:\n      - OPENAI_API_KEY=Qm4tR8vZp2Lx6Kw9\n', 'Qm4tR8vZp2Lx6Kw9'],
    ['docker-compose.yml', 'services:\n  app:\n    build: .\n    environment:\n      OPENAI_API_KEY: "Hs7Jd2Kq9Wm4Xn1P"\n', 'Hs7Jd2Kq9Wm4Xn1P'],
    ['deploy/app.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      env:\n        - name: OPENAI_API_KEY\n          value: Zt5Rb8Nc3Vx6Lm2Q\n', 'Zt5Rb8Nc3Vx6Lm2Q'],
    ['.aider.conf.yml', 'model: gpt-4o\napi-key:\n  openai: Pw3Ex7Ty1Ui5Op9A\n', 'Pw3Ex7Ty1Ui5Op9A'],
    ['.aider.conf.yml', 'model: gpt-4o\napi-key:\n  - openai=Lk8Jh4Gf2Ds6Aq1W\n', 'Lk8Jh4Gf2Ds6Aq1W'],
    ['config.yaml', 'model_list:\n  - model_name: a\n    litellm_params:\n      model: gpt-4o\n      api_key: Vb6Nm1Qw8Er3Ty5U\n', 'Vb6Nm1Qw8Er3Ty5U'],
    ['settings.yaml', 'openai:\n  api_key: Cx2Zs9Ad4Fg7Hj3K\n  model: gpt-4o\n', 'Cx2Zs9Ad4Fg7Hj3K'],
  ])('%s: %j', (path, text, secret) => {
    scanYaml(text, path, options);
    expect(maskSecrets(text)).not.toContain(secret);
    expect(maskSecrets(`-      OPENAI_API_KEY: ${secret}`)).not.toContain(secret);
  });
});
