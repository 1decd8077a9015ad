#!/usr/bin/env node
import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{isUserError}from"./chunks/chunk-NXYP2DG4.js";import"./chunks/chunk-VQ66TPXY.js";var commands=[{name:"plan",summary:"Render every artifact for a fleet spec (Cluster API, network, Talos patches, Cilium values), offline",load:async()=>(await import("./chunks/plan-UVNR7W4M.js")).planCommand},{name:"image",summary:"Make a Talos GCE image exist: Image Factory -> GCS -> Compute image, idempotently",load:async()=>(await import("./chunks/image-SYFIG4AR.js")).imageCommand},{name:"status",summary:"Validate and print a fleet status document as markdown or JSON",load:async()=>(await import("./chunks/status-ANN4MS67.js")).statusCommand},{name:"tools",summary:"The toolchain: 'tools lock' pins versions and sha256 into a lock file; 'tools list' shows the pins",load:async()=>(await import("./chunks/tools-ZAIGQP2J.js")).toolsCommand},{name:"gcp",summary:"Prepare a GCP project: 'gcp bootstrap' prints (or --apply runs) the gcloud commands for least privilege",load:async()=>(await import("./chunks/gcp-TVQLXXL7.js")).gcpCommand},{name:"network",summary:"Make the GCP network match the plan: 'network up', 'network diff' (writes nothing), 'network down'",load:async()=>(await import("./chunks/network-QME3ZHM3.js")).networkCommand}];function topLevelHelp(commands2){let width=Math.max(...commands2.map(c=>c.name.length));return["Usage: talos-fleet <command> [options]","","Commands:",...commands2.map(c=>`  ${c.name.padEnd(width)}  ${c.summary}`),"","Run 'talos-fleet <command> --help' for a command's options.",""].join(`
`)}async function dispatch(argv,commands2,io){let[name,...rest]=argv;if(name===void 0||name==="--help"||name==="-h"||name==="help")return io.stdout.write(topLevelHelp(commands2)),name===void 0?1:0;let entry=commands2.find(c=>c.name===name);if(!entry)return io.stderr.write(`talos-fleet: unknown command '${name}'. Valid commands: ${commands2.map(c=>c.name).join(", ")}.
`),1;try{let command=await entry.load();return rest.includes("--help")||rest.includes("-h")?(io.stdout.write(command.help.endsWith(`
`)?command.help:`${command.help}
`),0):await command.run(rest,io)??0}catch(error){if(isUserError(error))return io.stderr.write(`talos-fleet ${name}: ${error.describe()}
`),1;let detail=error instanceof Error?error.stack??error.message:String(error);return io.stderr.write(`talos-fleet ${name}: internal error (a bug; please report it):
${detail}
`),2}}process.exitCode=await dispatch(process.argv.slice(2),commands,{stdout:process.stdout,stderr:process.stderr,cwd:process.cwd(),env:process.env});
