import type { Command } from 'commander';
import { registerApply } from './apply.js';
import { registerCustomerData } from './customer-data.js';
import { registerDoctor } from './doctor.js';
import { registerEmulator } from './emulator.js';
import { registerPlan } from './plan.js';
import { registerValidate } from './validate.js';

/** Each command lives in its own file and adds itself to the program here. */
export function registerCommands(program: Command): void {
  registerValidate(program);
  registerPlan(program);
  registerApply(program);
  registerDoctor(program);
  registerEmulator(program);
  registerCustomerData(program);
}
