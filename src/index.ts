export * from './construct/palette-credentials';
export * from './emulator/palette-emulator';
export * from './emulator/palette-emulator-options';
export * from './emulator/emulator-request';
