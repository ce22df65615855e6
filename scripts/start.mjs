// `npm start`: builds the web app when it is missing or older than its sources, then runs the server.
// The exit code is the server's; killed by a signal, it is 128 + the signal's number (as a shell says),
// so a supervisor sees the crash. SIGINT, SIGTERM and SIGHUP are passed on to the server. The server
// has an IPC channel to this process and exits when it closes: killing this wrapper, even with
// SIGKILL, never leaves an orphan server holding the port and the data folder.
// START_SKIP_BUILD=1 serves dist/web as it is (or the API alone when there is none).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const index = path.join(root, 'dist/web/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

if (!['1', 'true', 'yes'].includes(process.env.START_SKIP_BUILD ?? '')) {
  const sources = Math.max(
    newestMtime(path.join(root, 'src/web')),
    newestMtime(path.join(root, 'src/shared')),
    fs.statSync(path.join(root, 'package-lock.json')).mtimeMs,
  );
  if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < sources) {
    console.log('Building the web app...');
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], {
  cwd: root,
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}
child.on('error', (err) => {
  console.error(`Could not start the server: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    console.error(`The server was killed by ${signal}.`);
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  }
  process.exit(code ?? 1);
});
