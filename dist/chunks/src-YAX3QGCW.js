import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{ApiError,Bucket,CRC32C,CRC32C_DEFAULT_VALIDATOR_GENERATOR,CRC32C_EXCEPTION_MESSAGES,CRC32C_EXTENSIONS,CRC32C_EXTENSION_TABLE,Channel,ComposeCleanupError,File,HashStreamValidator,HmacKey,Iam,IdempotencyStrategy,MultiPartUploadError,Notification,RETRYABLE_ERR_FN_DEFAULT,Storage,TransferManager}from"./chunk-J2KYGBGO.js";import"./chunk-SF3CW5FC.js";import"./chunk-HSQH4HR3.js";import"./chunk-KXWL7VQ7.js";import"./chunk-GT4TJN7Q.js";import"./chunk-VQ66TPXY.js";export{ApiError,Bucket,CRC32C,CRC32C_DEFAULT_VALIDATOR_GENERATOR,CRC32C_EXCEPTION_MESSAGES,CRC32C_EXTENSIONS,CRC32C_EXTENSION_TABLE,Channel,ComposeCleanupError,File,HashStreamValidator,HmacKey,Iam,IdempotencyStrategy,MultiPartUploadError,Notification,RETRYABLE_ERR_FN_DEFAULT,Storage,TransferManager};
