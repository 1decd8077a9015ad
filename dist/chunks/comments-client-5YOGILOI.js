import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{GraphqlError,PER_PAGE,createCommentsClient,nextPageFromLink,rateLimitMessage}from"./chunk-DC62ZB26.js";import"./chunk-T7HKUHG4.js";import"./chunk-6SNXCXMX.js";export{GraphqlError,PER_PAGE,createCommentsClient,nextPageFromLink,rateLimitMessage};
