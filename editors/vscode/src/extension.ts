// The hotlint extension: starts `hotlint lsp` for Python files and hands
// it the `hotlint.*` settings (at start and whenever they change).
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

// The settings the server reads (docs/lsp.md), from `hotlint.*`.
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('hotlint');
  return {
    select: config.get('select', null),
    extendSelect: config.get('extendSelect', []),
    ignore: config.get('ignore', []),
    targetVersion: config.get('targetVersion', 'py311'),
    run: config.get('run', 'onType'),
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration('hotlint').get('path', 'hotlint');
  const serverOptions: ServerOptions = { command, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    initializationOptions: serverSettings(),
    synchronize: { configurationSection: 'hotlint' },
    middleware: {
      workspace: {
        // answer the server's view of the configuration with ours
        configuration: () => [serverSettings()],
      },
    },
  };
  client = new LanguageClient('hotlint', 'hotlint', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('hotlint') && client) {
        void client.sendNotification('workspace/didChangeConfiguration', {
          settings: { hotlint: serverSettings() },
        });
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
