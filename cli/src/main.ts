#!/usr/bin/env node
import { ConfigError, TickstreamError } from '@tickstream/core';
import { buildProgram } from './program';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    if (error instanceof TickstreamError) {
      console.error(`tickstream: ${error.message} [${error.code}]`);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  });
