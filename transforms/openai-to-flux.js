// A jscodeshift transform with the same analysis as the CLI (it calls the same scan and plan,
// and returns the original text with the same edits spliced in):
//   npm run build && npx jscodeshift -t transforms/openai-to-flux.js --extensions=ts,tsx,js src/
// Options: --model=<flux id|tiers> --map=gpt-4o=flux-standard --base-url=<url> --key-env=<NAME>
// Warnings are reported through jscodeshift's api.report.

module.exports = async function transform(file, api, options) {
  const { migrateSource } = await import('../dist/api.js');
  const { checkModelFlag, parseMapFlag } = await import('../dist/pipeline/plan.js');
  const maps = options.map === undefined ? [] : [].concat(options.map);
  const result = await migrateSource(file.source, file.path, {
    baseUrl: options['base-url'],
    keyEnv: options['key-env'],
    policy: { model: checkModelFlag(options.model || 'flux-auto'), map: maps.map(parseMapFlag) },
  });
  for (const w of result.warnings) api.report(`${w.line}: ${w.code}: ${w.message}`);
  return result.changed ? result.after : undefined;
};
