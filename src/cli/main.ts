import { runCli } from './cli';

/** `npm run graph -- …`: src/cli/cli.ts on the process's argv, stdout and stderr. */
runCli(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
  (code) => process.exit(code),
  (e) => {
    // A fault of the app, not of the file: one line, no stack trace (DGL_DEBUG=1 shows it).
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.DGL_DEBUG) console.error(e);
    process.exit(1);
  },
);
