/**
 * The start of the name of every key this library mints, by which `palette-credentials api-keys`
 * tells them from keys that people or other tools created.
 *
 * It lives apart from the API-key client so that loading PaletteApiKey, which every app that
 * imports the library does, does not load the HTTP client.
 */
export const API_KEY_NAME_PREFIX = 'cdktf-palette-credentials:';
