// Make sure Debian's Chromium is installed for the browser tests: install it with apt
// when we can (root + apt-get), else say exactly what to do. No browser is downloaded
// by any npm package (none can be fetched on these machines).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log(`[test] ${CHROMIUM} is missing: installing Debian's chromium with apt-get…`);
    execSync('apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium', { stdio: 'inherit', shell: '/bin/bash' });
    if (existsSync(CHROMIUM)) return CHROMIUM;
  }
  console.error(
    `[test] The browser tests need Chromium at ${CHROMIUM} and it is not there.\n` +
      (hasApt ? '       Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n' : '       Install a Chromium build and point CHROMIUM_PATH at it.\n') +
      '       (or run only the unit tests: npm run test:unit)',
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureChromium();
