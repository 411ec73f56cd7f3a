/*
 * Scenario (f): what users write today without this library, a top-level `await got.post(...)`
 * in main before the app is built. It logs in on every synth, with no cache, and the token is
 * whatever the one request returned.
 */
import got from 'got';
import { reportAtExit } from './report.js';
import { buildApp, synthesize } from './workload.js';

const login = await got
  .post(`${process.env.SPECTROCLOUD_HOST}/v1/auth/authenticate`, {
    searchParams: { setCookie: 'false' },
    json: {
      emailId: process.env.SPECTROCLOUD_USERNAME,
      org: process.env.SPECTROCLOUD_ORG,
      password: process.env.SPECTROCLOUD_PASSWORD,
    },
  })
  .json<{ Authorization: string }>();

reportAtExit();
synthesize(buildApp(() => login.Authorization));
