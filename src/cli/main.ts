#!/usr/bin/env node
/**
 * The `kustomer-destination` command: its subcommands, and exit codes 0 (all delivered), 1 (some
 * events failed) and 2 (usage or configuration error).
 */
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../client/middleware.js';
import { DELETE } from './commands/delete.js';
import { registerDemo } from './commands/demo.js';
import { SEND } from './commands/send.js';
import { registerServe } from './commands/serve.js';
import { registerSimulator } from './commands/simulator.js';
import { guardStdio } from './io.js';
import { registerLineCommand } from './line-command.js';
import { messageOf, UsageError } from './options.js';

guardStdio();

const program = new Command('kustomer-destination')
  .description('Deliver RudderStack events to the Kustomer CRM.')
  .version(packageVersion(), '-V, --version')
  .showHelpAfterError('(add --help for usage)')
  // A usage error never repeats a flag's value: a misspelt `--apikey=KEY` carries a key.
  .configureOutput({ outputError: (text, write) => write(withoutFlagValues(text)) })
  .exitOverride((error: CommanderError) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

registerDemo(program);
registerLineCommand(program, SEND);
registerLineCommand(program, DELETE);
registerSimulator(program);
registerServe(program);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) throw error;
  const usage = error instanceof UsageError;
  process.stderr.write(
    `kustomer-destination: ${usage ? '' : 'unexpected error: '}${messageOf(error)}\n`,
  );
  process.exit(usage ? 2 : 1);
}

/** Commander's message with every quoted `--flag=value` and option argument shown without its value. */
function withoutFlagValues(text: string): string {
  return text
    .replace(/'(--?[^'=\s]+)=[^']*'/g, "'$1=…'")
    .replace(/argument '[^']*'/g, 'argument (value not shown)');
}
