// `secret-to-create` messages: the secret a renamed reference now reads, and where to create it.

/** `store` is `<where>:<detail>`: `actions:secrets`, `actions:vars`, `gitlab:`, `kubernetes:<secret>`, `continue:secrets`. */
export function secretMessage(store: string, keyEnv: string): string {
  const [where, detail] = store.split(/:(.*)/s);
  switch (where) {
    case 'actions':
      return detail === 'vars'
        ? `create the Actions variable ${keyEnv} holding your Flux key (GitHub: the repository's Settings > Secrets and variables > Actions > Variables), or better a secret of that name, read as \${{ secrets.${keyEnv} }}`
        : `create the Actions secret ${keyEnv} holding your Flux key (GitHub: the repository's Settings > Secrets and variables > Actions > New repository secret; or an environment or organization secret, wherever this workflow's secrets come from)`;
    case 'gitlab':
      return `add the CI/CD variable ${keyEnv} holding your Flux key (GitLab: the project's Settings > CI/CD > Variables; mark it Masked)`;
    case 'kubernetes':
      return `add the key ${keyEnv}, holding your Flux key, to the Kubernetes secret ${detail}, which the container now reads it from (in the Secret's manifest, or: kubectl patch secret ${detail} --type merge -p '{"stringData":{"${keyEnv}":"<your Flux key>"}}'); the old key stays for whatever else reads it`;
    default:
      return `set ${keyEnv} to your Flux key where Continue reads secrets: the .env file at the workspace root, ~/.continue/.env, or your Continue Hub secrets`;
  }
}
