#!/usr/bin/env node
// The CDK app `cdk synth` / `cdk deploy` run (cdk.json): context comes through the CLI.
import { buildHubApp } from './hub-app.js';

const app = await buildHubApp({ env: process.env });
app.synth();
