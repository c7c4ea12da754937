// The LSP server driven by a real client library, vscode-jsonrpc (the
// JSON-RPC layer of VS Code's language client):
//   node tests/lsp/client.js HOTLINT VSCODE_JSONRPC_DIR
// initialize (position encodings negotiated), requests before initialize,
// didOpen/didChange (incremental)/didClose with the diagnostics each one
// must produce — positions right after accents, CJK and emoji —, an unknown
// method, malformed input between valid messages, a change for a document
// never opened, --file-time-limit, shutdown and exit (0), exit without
// shutdown (1), and a client that disappears (EOF: 1, and a log line).
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const hotlint = process.argv[2];
const rpc = require(path.join(process.argv[3], 'node'));

function start(args = []) {
  const child = spawn(hotlint, ['lsp', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const errors = [];
  const logger = {
    error: (m) => errors.push(m), warn: () => {}, info: () => {}, log: () => {},
  };
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin), logger);
  const diagnostics = [];
  const waiting = [];
  const messages = [];
  connection.onNotification('window/showMessage', (params) => {
    messages.push(params);
    for (const w of waiting.splice(0)) w();
  });
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    diagnostics.push(params);
    for (const w of waiting.splice(0)) w();
  });
  connection.listen();
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child, connection, diagnostics, errors, exited, messages, stderr: () => stderr,
    // the next window/showMessage
    nextMessage() {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message')), 120000);
        const look = () => {
          if (messages.length) {
            clearTimeout(timer);
            resolve(messages.shift());
          } else {
            waiting.push(look);
          }
        };
        look();
      });
    },
    // the next publishDiagnostics for `uri` (optionally with `version`)
    next(uri, version) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), 90000);
        const look = () => {
          const found = diagnostics.find((d) => d.uri === uri && (version === undefined || d.version === version));
          if (found) {
            diagnostics.splice(diagnostics.indexOf(found), 1);
            clearTimeout(timer);
            resolve(found);
          } else {
            waiting.push(look);
          }
        };
        look();
      });
    },
  };
}

async function expectError(promise, code) {
  try {
    await promise;
  } catch (e) {
    assert.strictEqual(e.code, code, `error code ${e.code}, wanted ${code}: ${e.message}`);
    return;
  }
  assert.fail(`expected error ${code}`);
}

const uri = 'file:///tmp/hotlint-lsp-test/app%20one.py';
// "é語🙂" before the finding on line 3: 3 UTF-16 units of "é語" + 2 of the emoji
const text = [
  'def render(items):',
  '    text = ""',
  '    for item in items: text += "é語🙂" + str(item)',
  '    return text',
  '',
].join('\n');

async function main() {
  // ---- a full session, UTF-16 ----------------------------------------------
  let s = start();
  await expectError(s.connection.sendRequest('shutdown'), -32002);
  const init = await s.connection.sendRequest('initialize', {
    processId: process.pid, rootUri: null,
    capabilities: { general: { positionEncodings: ['utf-16'] } },
  });
  assert.strictEqual(init.capabilities.positionEncoding, 'utf-16');
  assert.strictEqual(init.capabilities.textDocumentSync.change, 2);
  assert.strictEqual(init.serverInfo.name, 'hotlint');
  await expectError(s.connection.sendRequest('initialize', { capabilities: {} }), -32600);
  s.connection.sendNotification('initialized', {});

  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
  let d = await s.next(uri, 1);
  assert.strictEqual(d.diagnostics.length, 1, JSON.stringify(d));
  let diag = d.diagnostics[0];
  assert.strictEqual(diag.code, 'HOT201');
  assert.strictEqual(diag.source, 'hotlint');
  assert.match(diag.codeDescription.href, /HOT201\.md$/);
  assert.strictEqual(diag.severity, 1);
  assert.match(diag.message, /\[hot: inside a `for` loop/);
  assert.strictEqual(diag.data.hotness, 'hot');
  assert.deepStrictEqual(diag.range.start, { line: 2, character: 23 });
  // `text += "é語🙂" + str(item)`: 26 UTF-16 units (the emoji counts 2)
  assert.deepStrictEqual(diag.range.end, { line: 2, character: 23 + 26 });

  // hover on the finding: the rule's explanation; elsewhere: nothing
  const hover = await s.connection.sendRequest('textDocument/hover', {
    textDocument: { uri }, position: { line: 2, character: 30 },
  });
  assert.strictEqual(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /^\*\*HOT201\*\* `string-concat-in-loop`/);
  assert.match(hover.contents.value, /## What it does/);
  assert.deepStrictEqual(hover.range, diag.range);
  assert.strictEqual(await s.connection.sendRequest('textDocument/hover', {
    textDocument: { uri }, position: { line: 0, character: 1 },
  }), null);

  // code actions: a fix where the rule has one, suppress with noqa (a new
  // comment, or an existing `# noqa: HOT101` extended), fix all
  const uri2 = 'file:///tmp/hotlint-lsp-test/fixes.py';
  const text2 = [
    'def total(xs):',
    '    return sum([x * x for x in xs])  # noqa: HOT101',
    '',
    'def render(items):',
    '    text = ""',
    '    for item in items:',
    '        text += str(item)',
    '    return text',
    '',
  ].join('\n');
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uri2, languageId: 'python', version: 1, text: text2 },
  });
  d = await s.next(uri2, 1);
  assert.deepStrictEqual(d.diagnostics.map((x) => x.code), ['HOT208', 'HOT201']);
  let actions = await s.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri2 },
    range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } },
    context: { diagnostics: [d.diagnostics[0]] },
  });
  const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
  assert.ok(fix, JSON.stringify(actions));
  assert.strictEqual(fix.diagnostics[0].code, 'HOT208');
  const fixEdits = fix.edit.changes[uri2];
  assert.deepStrictEqual(fixEdits.map((e) => e.newText), ['', '']);
  assert.deepStrictEqual(fixEdits.map((e) => e.range.start), [{ line: 1, character: 15 }, { line: 1, character: 33 }]);
  const suppress = actions.find((a) => a.title === 'Suppress HOT208 on this line');
  assert.ok(suppress, JSON.stringify(actions));
  const noqaEdit = suppress.edit.changes[uri2][0];
  assert.strictEqual(noqaEdit.newText, ', HOT208');
  assert.deepStrictEqual(noqaEdit.range.start, { line: 1, character: 51 });
  actions = await s.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri2 },
    range: { start: { line: 6, character: 10 }, end: { line: 6, character: 10 } },
    context: { diagnostics: [] },
  });
  const suppress201 = actions.find((a) => a.title === 'Suppress HOT201 on this line');
  assert.strictEqual(suppress201.edit.changes[uri2][0].newText, '  # noqa: HOT201');
  assert.deepStrictEqual(suppress201.edit.changes[uri2][0].range.start, { line: 6, character: 25 });
  actions = await s.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri2 },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.strictEqual(actions.length, 1, JSON.stringify(actions));
  assert.strictEqual(actions[0].kind, 'source.fixAll.hotlint');
  assert.match(actions[0].edit.changes[uri2][0].newText, /return sum\(x \* x for x in xs\)/);

  // a second place: HOT103's `global` statement as relatedInformation
  const uri5 = 'file:///tmp/hotlint-lsp-test/globals.py';
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uri5, languageId: 'python', version: 1,
                    text: '_count = 0\n\n\ndef handle():\n    global _count\n    _count += 1\n' },
  });
  d = await s.next(uri5, 1);
  assert.strictEqual(d.diagnostics[0].code, 'HOT103');
  const related = d.diagnostics[0].relatedInformation;
  assert.strictEqual(related.length, 1, JSON.stringify(d.diagnostics[0]));
  assert.strictEqual(related[0].location.uri, uri5);
  assert.deepStrictEqual(related[0].location.range.start, { line: 4, character: 4 });

  // "Benchmark this finding": a command; the server answers at once, goes
  // on serving while the benchmark runs, then says the verdict and shows
  // it in hover
  actions = await s.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri2 },
    range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } },
    context: { diagnostics: [] },
  });
  const bench = actions.find((a) => a.command && a.command.command === 'hotlint.benchmark');
  assert.ok(bench, JSON.stringify(actions));
  assert.deepStrictEqual(bench.command.arguments, [uri2, 1, 11, 'HOT208']);
  await expectError(s.connection.sendRequest('workspace/executeCommand', {
    command: 'hotlint.benchmark', arguments: [uri2, 0, 0, 'HOT208'],
  }), -32602);
  assert.strictEqual(await s.connection.sendRequest('workspace/executeCommand', bench.command), null);
  const during = await s.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: uri2 }, position: { line: 1, character: 12 },
  });
  assert.ok(!/Benchmark:/.test(during.contents.value), 'hover waited for the benchmark');
  const verdict = await s.nextMessage();
  assert.match(verdict.message, /^HOT208 at line 2: (confirmed|refuted|no effect|benchmark failed) on CPython 3\./);
  const after = await s.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: uri2 }, position: { line: 1, character: 12 },
  });
  assert.match(after.contents.value, /\*\*Benchmark:\*\* HOT208 at line 2: /);

  // an incremental change: two lines inserted at the top
  s.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import os\n\n' }],
  });
  d = await s.next(uri, 2);
  assert.strictEqual(d.diagnostics.length, 1);
  assert.strictEqual(d.diagnostics[0].range.start.line, 4);
  // replace `text += ...` after the emoji with a harmless statement: the
  // range is given in UTF-16 units, past the emoji
  s.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [{ range: { start: { line: 4, character: 23 }, end: { line: 4, character: 49 } }, text: 'pass' }],
  });
  d = await s.next(uri, 3);
  assert.deepStrictEqual(d.diagnostics, []);

  // an unknown method, and malformed input between valid messages
  await expectError(s.connection.sendRequest('hotlint/noSuchMethod', {}), -32601);
  s.child.stdin.write('Content-Length: 9\r\n\r\nnot json!');
  s.child.stdin.write('Content-Type: x\r\n\r\n');
  s.child.stdin.write('Content-Length: 13\r\n\r\n{"jsonrpc":1}');
  // a change for a document that was never opened
  s.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: 'file:///nowhere.py', version: 1 },
    contentChanges: [{ text: 'x' }],
  });
  // the server is still there
  await expectError(s.connection.sendRequest('hotlint/noSuchMethod', {}), -32601);
  // the three malformed messages were answered with errors whose id is
  // null: vscode-jsonrpc reports each as a response without an id
  const parseErrors = s.errors.filter((e) => /-32700|-32600/.test(String(e)));
  assert.strictEqual(parseErrors.length, 3, s.errors.join('\n'));

  s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  d = await s.next(uri);
  assert.deepStrictEqual(d.diagnostics, []);
  assert.strictEqual(await s.connection.sendRequest('shutdown'), null);
  await expectError(s.connection.sendRequest('hotlint/noSuchMethod', {}), -32600);
  s.connection.sendNotification('exit');
  assert.strictEqual(await s.exited, 0);
  assert.match(s.stderr(), /malformed message header|not JSON/);
  assert.match(s.stderr(), /not open/);
  s.connection.dispose();

  // ---- settings: initializationOptions, didChangeConfiguration, run ------
  s = start();
  const messages = s.messages;
  await s.connection.sendRequest('initialize', {
    processId: null, rootUri: null, capabilities: {},
    initializationOptions: { hotlint: { select: ['HOT208', 'HOT201'], ignore: ['HOT201'] } },
  });
  const uri3 = 'file:///tmp/hotlint-lsp-test/settings.py';
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uri3, languageId: 'python', version: 1, text: text2 },
  });
  d = await s.next(uri3, 1);
  assert.deepStrictEqual(d.diagnostics.map((x) => x.code), ['HOT208']);
  // an invalid setting: the user is told, nothing changes
  s.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { hotlint: { targetVersion: 'py2' } },
  });
  d = await s.next(uri3, 1);
  assert.deepStrictEqual(d.diagnostics.map((x) => x.code), ['HOT208']);
  assert.strictEqual(messages.length, 1);
  assert.strictEqual(messages[0].type, 1);
  assert.match(messages[0].message, /targetVersion/);
  // all rules again, checked on save only
  s.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { hotlint: { select: null, run: 'onSave' } },
  });
  d = await s.next(uri3, 1);
  assert.deepStrictEqual(d.diagnostics.map((x) => x.code), ['HOT208', 'HOT201']);
  s.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri3, version: 2 },
    contentChanges: [{ range: { start: { line: 6, character: 8 }, end: { line: 6, character: 25 } }, text: 'pass' }],
  });
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(!s.diagnostics.some((x) => x.uri === uri3), 'diagnostics before save with run onSave');
  s.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uri3 } });
  d = await s.next(uri3, 2);
  assert.deepStrictEqual(d.diagnostics.map((x) => x.code), ['HOT208']);
  await s.connection.sendRequest('shutdown');
  s.connection.sendNotification('exit');
  assert.strictEqual(await s.exited, 0);
  s.connection.dispose();

  // ---- project configuration: the nearest pyproject.toml applies; a change
  // to it (didChangeWatchedFiles) re-checks; settings naming rules win ----
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'hotlint-lsp-project-'));
  fs.mkdirSync(path.join(project, 'pkg'));
  fs.mkdirSync(path.join(project, 'vendored'));
  const pyproject = path.join(project, 'pyproject.toml');
  fs.writeFileSync(pyproject, '[tool.hotlint]\nselect = ["HOT208"]\nexclude = ["vendored"]\n');
  s = start();
  let registrations = [];
  s.connection.onRequest('client/registerCapability', (p) => { registrations = p.registrations; return null; });
  await s.connection.sendRequest('initialize', {
    processId: null, rootUri: null,
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  s.connection.sendNotification('initialized', {});
  const appUri = 'file://' + path.join(project, 'pkg', 'app.py');
  const vendoredUri = 'file://' + path.join(project, 'vendored', 'lib.py');
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: appUri, languageId: 'python', version: 1, text: text2 },
  });
  d = await s.next(appUri, 1);
  assert.deepStrictEqual(d.diagnostics.map((x) => x.code), ['HOT208']);
  assert.strictEqual(registrations[0].method, 'workspace/didChangeWatchedFiles');
  assert.deepStrictEqual(registrations[0].registerOptions.watchers.map((w) => w.globPattern),
                         ['**/pyproject.toml', '**/hotlint.yaml']);
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: vendoredUri, languageId: 'python', version: 1, text: text2 },
  });
  d = await s.next(vendoredUri, 1);
  assert.deepStrictEqual(d.diagnostics, [], 'an excluded file has findings');
  fs.writeFileSync(pyproject, '[tool.hotlint]\nselect = ["HOT201"]\n');
  s.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: 'file://' + pyproject, type: 2 }],
  });
  d = await s.next(appUri, 1);
  assert.deepStrictEqual(d.diagnostics.map((x) => x.code), ['HOT201']);
  // settings that name rules take over from the project's
  s.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { hotlint: { select: ['HOT208', 'HOT201'] } },
  });
  d = await s.next(appUri, 1);
  assert.deepStrictEqual(d.diagnostics.map((x) => x.code), ['HOT208', 'HOT201']);
  await s.connection.sendRequest('shutdown');
  s.connection.sendNotification('exit');
  assert.strictEqual(await s.exited, 0);
  s.connection.dispose();
  fs.rmSync(project, { recursive: true, force: true });

  // ---- pull diagnostics when the client offers them ----------------------
  s = start();
  let refreshed = 0;
  s.connection.onRequest('workspace/diagnostic/refresh', () => { refreshed++; return null; });
  const initPull = await s.connection.sendRequest('initialize', {
    processId: null, rootUri: null,
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } },
  });
  assert.strictEqual(initPull.capabilities.diagnosticProvider.interFileDependencies, false);
  const uri4 = 'file:///tmp/hotlint-lsp-test/pull.py';
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uri4, languageId: 'python', version: 1, text: text2 },
  });
  let report = await s.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: uri4 } });
  assert.strictEqual(report.kind, 'full');
  assert.deepStrictEqual(report.items.map((x) => x.code), ['HOT208', 'HOT201']);
  s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { ignore: ['HOT208'] } });
  report = await s.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: uri4 } });
  assert.deepStrictEqual(report.items.map((x) => x.code), ['HOT201']);
  assert.strictEqual(refreshed, 1, 'no workspace/diagnostic/refresh after the configuration changed');
  assert.strictEqual(s.diagnostics.length, 0, 'diagnostics pushed to a pulling client');
  await s.connection.sendRequest('shutdown');
  s.connection.sendNotification('exit');
  assert.strictEqual(await s.exited, 0);
  s.connection.dispose();

  // ---- robustness: a binary buffer, a 50 MB buffer, a range past the end --
  s = start();
  await s.connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  const binary = 'file:///tmp/hotlint-lsp-test/binary.py';
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: binary, languageId: 'python', version: 1, text: 'PK\u0003\u0004\u0000\u0000\u00ff\u0001' },
  });
  d = await s.next(binary, 1);
  assert.ok(d.diagnostics.some((x) => /NUL byte/.test(x.message)), JSON.stringify(d));
  const big = 'file:///tmp/hotlint-lsp-test/big.py';
  const bigText = 'x = "' + 'a'.repeat(50 * 1024 * 1024) + '"\n' + text;
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: big, languageId: 'python', version: 1, text: bigText },
  });
  d = await s.next(big, 1);
  assert.deepStrictEqual(d.diagnostics.map((x) => [x.code, x.range.start.line]), [['HOT201', 3]]);
  s.connection.sendNotification('textDocument/didClose', { textDocument: { uri: big } });
  await s.next(big);
  // a change whose range lies past the end appends at the end
  s.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: binary, version: 2 },
    contentChanges: [{ text: 'def f(xs):\n    return 1\n' }],
  });
  d = await s.next(binary, 2);
  assert.deepStrictEqual(d.diagnostics, []);
  s.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: binary, version: 3 },
    contentChanges: [{ range: { start: { line: 999, character: 5 }, end: { line: 1200, character: 0 } },
                       text: 'def g(xs):\n    return sum([x for x in xs])\n' }],
  });
  d = await s.next(binary, 3);
  assert.deepStrictEqual(d.diagnostics.map((x) => [x.code, x.range.start.line]), [['HOT208', 3]]);
  await s.connection.sendRequest('shutdown');
  s.connection.sendNotification('exit');
  assert.strictEqual(await s.exited, 0);
  s.connection.dispose();

  // ---- --file-time-limit: a check past it is one diagnostic, the server
  // answers on; the next document, small, is checked in full --------------
  s = start(['--file-time-limit', '1ms']);
  await s.connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  const slow = 'file:///tmp/hotlint-lsp-test/slow.py';
  const slowText = Array.from({ length: 40000 }, (_, i) => `v${i} = [w for w in range(${i})]\n`).join('');
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: slow, languageId: 'python', version: 1, text: slowText },
  });
  d = await s.next(slow, 1);
  assert.strictEqual(d.diagnostics.length, 1, JSON.stringify(d));
  assert.match(d.diagnostics[0].message, /stopped at the time limit of 1 ms per file/);
  assert.strictEqual(await s.connection.sendRequest('shutdown'), null);
  s.connection.sendNotification('exit');
  assert.strictEqual(await s.exited, 0);
  s.connection.dispose();

  // ---- UTF-8 when offered; exit without shutdown is 1 -----------------------
  s = start();
  const init8 = await s.connection.sendRequest('initialize', {
    processId: null, rootUri: null,
    capabilities: { general: { positionEncodings: ['utf-32', 'utf-8', 'utf-16'] } },
  });
  assert.strictEqual(init8.capabilities.positionEncoding, 'utf-8');
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'python', version: 7, text },
  });
  d = await s.next(uri, 7);
  // é (2 bytes) 語 (3) 🙂 (4): 31 bytes against 26 UTF-16 units
  assert.deepStrictEqual(d.diagnostics[0].range.start, { line: 2, character: 23 });
  assert.deepStrictEqual(d.diagnostics[0].range.end, { line: 2, character: 23 + 31 });
  s.connection.sendNotification('exit');
  assert.strictEqual(await s.exited, 1);
  s.connection.dispose();

  // ---- UTF-32 when that is all; the client disappears -----------------------
  s = start();
  const init32 = await s.connection.sendRequest('initialize', {
    processId: null, rootUri: null,
    capabilities: { general: { positionEncodings: ['utf-32'] } },
  });
  assert.strictEqual(init32.capabilities.positionEncoding, 'utf-32');
  s.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
  d = await s.next(uri, 1);
  // one code point each: 25
  assert.deepStrictEqual(d.diagnostics[0].range.end, { line: 2, character: 23 + 25 });
  s.child.stdin.end();
  assert.strictEqual(await s.exited, 1);
  assert.match(s.stderr(), /closed the input without shutdown/);
  s.connection.dispose();
  console.log('lsp client: all passed');
}

main().catch((e) => {
  console.error('FAIL:', e && e.stack ? e.stack : e);
  process.exit(1);
});
