export * from './endpoint';
export * from './beta';
export * from './v2';
export * from './json';
