export const EMULATOR_OPENAPI = {} as const;
