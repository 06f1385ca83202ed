// Counts starts of the CLI's binary, for keeping the test suite's process starts in check:
//   COUNT_CLI_STARTS=/tmp/starts.txt NODE_OPTIONS="--import $PWD/scripts/count-cli-starts.mjs" npm test
//   wc -l < /tmp/starts.txt
// (an absolute path: some tests start the CLI in another working directory). Preloaded into every node
// process of the run, it writes one line (the arguments) per start of bin/sessionctl.js and does
// nothing in any other process. The variable's name avoids SESSIONCTL_, which the test helpers strip
// from the environment they give the CLI. Some tests start the CLI as another user (uid 65534): to
// count those too, make the file writable for them first (`: > /tmp/starts.txt; chmod 666 /tmp/starts.txt`).
// A start that cannot write the file is not counted, and is not made to fail.
import { appendFileSync } from 'node:fs';

const file = process.env.COUNT_CLI_STARTS;
if (file && /sessionctl\.js$/.test(process.argv[1] ?? '')) {
  try {
    appendFileSync(file, `${process.argv.slice(2).join(' ').slice(0, 200)}\n`);
  } catch {
    // Not this user's file: the count misses this start rather than the test failing.
  }
}
