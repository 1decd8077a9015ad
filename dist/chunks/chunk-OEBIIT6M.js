import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{UserError}from"./chunk-WGSHXEME.js";function cjsExports(mod){let def=mod.default;return def&&typeof def=="object"?def:mod}async function googleAuthClient(options){let{GoogleAuth,OAuth2Client}=cjsExports(await import("./src-BDT7CRAL.js"));if(options.accessToken){let client=new OAuth2Client;return client.setCredentials({access_token:options.accessToken}),client}try{let client=await new GoogleAuth({scopes:["https://www.googleapis.com/auth/cloud-platform"],projectId:options.project}).getClient(),{token}=await client.getAccessToken();return token&&options.mask(token),client}catch(error){throw new UserError(`No Google credentials: ${error instanceof Error?error.message:String(error)}`,{fix:"run google-github-actions/auth before this step (Workload Identity Federation), or pass access-token",title:"Google credentials missing",cause:error})}}export{cjsExports,googleAuthClient};
