import { runExportCli } from './export';

/** `npm run export -- …`: src/cli/export.ts on the process's argv. */
runExportCli(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
