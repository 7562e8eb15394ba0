#!/usr/bin/env node
// The CLI is built into dist/; this file exists before the first build, so that installing the
// workspace can link the `llmux-gateway` bin without warning.
import '../dist/cli.js';
