import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{require_dist2 as require_dist}from"./chunk-7MWTFNXN.js";import"./chunk-5LEI423M.js";import"./chunk-QFKOXMJR.js";export default require_dist();
