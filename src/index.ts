export * from './construct/palette-credentials';
export * from './construct/palette-api-key';
export * from './emulator/palette-emulator';
export * from './emulator/palette-emulator-options';
export * from './emulator/emulator-request';
export * from './emulator/emulator-fault';
