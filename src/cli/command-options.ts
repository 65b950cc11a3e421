/**
 * The options `send` and `delete` share: where Kustomer is, how fast to go, and how to read the
 * input and report.
 */
import type { Command } from 'commander';
import { API_KEY_ENV, integerIn, MAX_CONCURRENCY } from './options.js';

export function addDestinationOptions(command: Command): Command {
  return command
    .option('--api-key <key>', `Kustomer API key (default: $${API_KEY_ENV})`)
    .option('--region <region>', 'Kustomer region: us, eu or in (default: us)')
    .option(
      '--org <name>',
      'your organisation host, https://NAME.api.kustomerapp.com; wins over --region',
    )
    .option('--base-url <url>', 'an explicit API origin, such as a simulator; wins over --org')
    .option('--allow-insecure-base-url', 'accept an http or non-Kustomer --base-url (a simulator)')
    .option(
      '--concurrency <n>',
      `items in flight across users, 1 to ${MAX_CONCURRENCY} (default: 8)`,
      integerIn(1, MAX_CONCURRENCY),
    )
    .option(
      '--requests-per-minute <n>',
      'cap on requests per minute (default: the budget Kustomer reports)',
      integerIn(1, 1_000_000),
    );
}

export function addInputOptions(command: Command): Command {
  return command
    .option('--dry-run', 'print the planned requests as NDJSON on stdout; send nothing')
    .option('--dead-letter <file>', 'write every failed line, with its error and line, to FILE')
    .option(
      '--checkpoint <file>',
      'record settled lines of a FILE input; a rerun resumes after them',
    )
    .option('--json', 'print the summary as JSON on stdout')
    .option('--verbose', 'print one line per HTTP attempt and per invalid item on stderr')
    .option('--no-progress', 'never draw the progress bar');
}
