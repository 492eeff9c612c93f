import type { Command } from 'commander';
import { registerDoctor } from './doctor.js';
import { registerEmulator } from './emulator.js';
import { registerValidate } from './validate.js';

/** Each command lives in its own file and adds itself to the program here. */
export function registerCommands(program: Command): void {
  registerValidate(program);
  registerDoctor(program);
  registerEmulator(program);
}
