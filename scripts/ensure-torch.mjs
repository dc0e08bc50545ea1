// Make sure a Python with torch and numpy is there for the export parity tests (issue 20): the
// exported scripts of the example graphs run against the lab in `npm test`. Install Debian's
// python3-torch python3-numpy (and OpenBLAS's threaded build) with apt when we can (root +
// apt-get), else say exactly what to do; the parity tests then skip with that message.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = 'python3-torch python3-numpy libopenblas0-pthread';
const hasTorch = (python) => spawnSync(python, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;

/** The Python the parity tests will use ($DGL_PYTHON, /usr/bin/python3, python3), or null after saying why. */
export function ensureTorch() {
  const candidates = [process.env.DGL_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
  const found = candidates.find(hasTorch);
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`[test] no Python with torch: installing Debian's ${PACKAGES} with apt-get…`);
    try {
      execSync(`apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${PACKAGES}`, { stdio: 'inherit', shell: '/bin/bash' });
    } catch {
      // reported below
    }
    if (hasTorch('/usr/bin/python3')) return '/usr/bin/python3';
  }
  console.warn(
    '[test] The PyTorch export parity tests need Python 3 with torch and numpy, and none was found.\n' +
      `       Install them with:  sudo apt-get update && sudo apt-get install -y ${PACKAGES}\n` +
      '       (or point DGL_PYTHON at a python that has them); until then those tests are skipped.',
  );
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureTorch();
