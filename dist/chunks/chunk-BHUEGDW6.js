import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{setSecret}from"./chunk-YNBEZA6K.js";function readSecretEnv(name){let value=process.env[name];return value&&setSecret(value),value===""?void 0:value}function maskSecret(value){if(value){setSecret(value);for(let line of value.split(/\r?\n/))line.trim().length>=8&&setSecret(line.trim())}}export{readSecretEnv,maskSecret};
