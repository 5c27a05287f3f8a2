export { buildProgram } from './program';
export * from './node';
