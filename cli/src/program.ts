import { Command } from 'commander';
import { registerApiCommand } from './commands/api';
import { registerBackfillCommand } from './commands/backfill';
import { registerBacktestCommand } from './commands/backtest';
import { registerConfigCommand } from './commands/config';
import { registerIngestCommand } from './commands/ingest';
import { registerMockExchangeCommand } from './commands/mock-exchange';
import { registerProcessCommands } from './commands/process';
import { registerRecordCommand } from './commands/record';
import { registerStartCommands } from './commands/start';
import { registerStorageCommands } from './commands/storage';
import { registerTailCommand } from './commands/tail';
import { addSettingOptions } from './context';

/** The `tickstream` command line; main.ts runs it. Tests build the same program. */
export function buildProgram(): Command {
  const program = new Command('tickstream')
    .description('Event-sourced streaming engine for crypto market analytics')
    .showHelpAfterError()
    .enablePositionalOptions(false);
  addSettingOptions(program);
  registerStorageCommands(program);
  registerStartCommands(program);
  registerIngestCommand(program);
  registerMockExchangeCommand(program);
  registerRecordCommand(program);
  registerBackfillCommand(program);
  registerBacktestCommand(program);
  registerProcessCommands(program);
  registerApiCommand(program);
  registerConfigCommand(program);
  registerTailCommand(program);
  return program;
}
