// All tables. Each domain adds its file here.
export * from './platform';
export * from './people';
export * from './activities';
export * from './products';
export * from './practices';
export * from './patients';
export * from './leads';
export * from './tasks';
export * from './appointments';
export * from './imports';
export * from './clinicians';
export * from './relationships';
export * from './portal';
export * from './clinic-records';
