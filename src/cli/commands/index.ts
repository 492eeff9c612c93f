import type { Command } from 'commander';
import { registerAction } from './action.js';
import { registerApply } from './apply.js';
import { registerCustomerData } from './customer-data.js';
import { registerDoctor } from './doctor.js';
import { registerEmulator } from './emulator.js';
import { registerInit } from './init.js';
import { registerMigrate } from './migrate.js';
import { registerPlan } from './plan.js';
import { registerPreview } from './preview.js';
import { registerPull } from './pull.js';
import { registerTranslations } from './translations.js';
import { registerValidate } from './validate.js';
import { registerWatch } from './watch.js';

/** Each command lives in its own file and adds itself to the program here. */
export function registerCommands(program: Command): void {
  registerInit(program);
  registerValidate(program);
  registerPlan(program);
  registerApply(program);
  registerPull(program);
  registerMigrate(program);
  registerWatch(program);
  registerPreview(program);
  registerTranslations(program);
  registerDoctor(program);
  registerEmulator(program);
  registerCustomerData(program);
  registerAction(program);
}
