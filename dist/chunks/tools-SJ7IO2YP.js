import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{DEFAULT_LOCK_FILE,SUPPORTED_PLATFORMS,hostPlatform,parsePlatform,planRequests,platformKey,readVersionsFile,renderLockFile}from"./chunk-MXGYO4RL.js";import"./chunk-OWMQEWTB.js";import{TOOLS,TOOL_NAMES,assetFor}from"./chunk-IRKWRMJE.js";import{mirrorUrl,parseMirrorUrl}from"./chunk-QJ7AC36D.js";import{parseCommandArgs}from"./chunk-SLU74J4G.js";import{textTable}from"./chunk-IJPZ56DB.js";import"./chunk-TIFTDTVB.js";import"./chunk-72MJ5M6L.js";import{splitList}from"./chunk-XFCTZTCG.js";import"./chunk-KEA3OJKO.js";import"./chunk-CR6NGCWC.js";import{UserError}from"./chunk-NXYP2DG4.js";import"./chunk-VQ66TPXY.js";import{mkdtemp,rm,writeFile}from"node:fs/promises";import{isAbsolute,join}from"node:path";import{tmpdir}from"node:os";var help=`Usage: talos-fleet tools list
       talos-fleet tools lock [--tools LIST] [--versions-file FILE] [--platforms LIST] [--mirror-url URL] [--out FILE]

list   Print every tool the setup action installs, its pinned version, and how it is verified.
lock   Resolve versions and write a lock file (default ${DEFAULT_LOCK_FILE}) with, for each tool and
       platform, the exact version, the asset URL and its sha256, taken from the upstream checksum
       file or GitHub asset digest. gcloud publishes no checksum, so its archives are downloaded and
       hashed (check them before you commit the lock). Pass the file to the setup action as lock-file.

Options:
  --tools LIST          names or name@version, comma-separated (default: every tool at its pin)
  --versions-file FILE  .tool-versions or the toolkit pin file, as in the action
  --platforms LIST      os/arch pairs (default: all six: linux, darwin, windows x amd64, arm64)
  --mirror-url URL      fetch through <mirror>/<host>/<path>, as in the action
  --out FILE            where to write the lock file

GitHub lookups use GITHUB_TOKEN (or GH_TOKEN) and GITHUB_API_URL from the environment.
`;function list(io){let here=hostPlatform(io.env),rows=TOOL_NAMES.map(name=>{let a=assetFor(name,TOOLS[name].pinned,here),verified=a.checksum.kind==="none"?"lock-file pin only":a.checksum.kind==="github-digest"?"GitHub asset digest":a.checksum.url.slice(a.checksum.url.lastIndexOf("/")+1);return[name,TOOLS[name].pinned,verified,a.url]}),headers=["tool","pinned","verified by",`asset (${platformKey(here)})`];return io.stdout.write(`${textTable({headers,rows})}
`),0}async function lock(args,io){let{values}=parseCommandArgs("tools",args,{tools:{type:"string"},"versions-file":{type:"string"},platforms:{type:"string"},"mirror-url":{type:"string"},out:{type:"string"}}),resolvePath=p=>isAbsolute(p)?p:join(io.cwd,p),mirror=parseMirrorUrl(values["mirror-url"]);if(mirror?.startsWith("http:"))throw new UserError(`--mirror-url: ${mirror} is plain http; a lock file written through it would pin whatever it served, tampered or not.`,{fix:"write the lock through an https mirror or straight from upstream (no --mirror-url); setup can then use the plain-http mirror with that lock file"});let platforms=values.platforms?splitList(values.platforms).map(p=>parsePlatform(p,"--platforms")):[...SUPPORTED_PLATFORMS],given=values["versions-file"],versionsFile=given?await readVersionsFile(given,resolvePath(given),"--versions-file"):void 0,requests=planRequests({tools:splitList(values.tools??""),...versionsFile?{versionsFile}:{}}),[{createDownloadClients},{resolveVersion},{upstreamSha256}]=await Promise.all([import("./download-clients-F2AB3ZD4.js"),import("./resolver-JZGGCUVC.js"),import("./upstream-checksum-SUGQCCJB.js")]),{http,github}=createDownloadClients(io.env,io.env.GITHUB_TOKEN??io.env.GH_TOKEN,m=>io.stderr.write(`retry: ${m}
`)),texts=new Map,deps={http:{text:url=>{let text=texts.get(url);return text||(text=http.text(url),texts.set(url,text)),text}},github,mirror},out={lockfileVersion:1,tools:{}};try{await Promise.all(requests.map(async request=>{let{version}=await resolveVersion(request,deps),assets={};for(let p of platforms){let asset=assetFor(request.tool,version,p),{sha256,source}=await upstreamSha256(asset,deps);sha256||(sha256=await hashDownload(http,mirrorUrl(asset.url,mirror),request.tool,version),source="download (no upstream checksum)",io.stderr.write(`${request.tool} ${version} ${platformKey(p)}: hashed the download itself, ${sha256}
`)),assets[platformKey(p)]={url:asset.url,sha256,source}}out.tools[request.tool]={version,assets},io.stderr.write(`${request.tool} ${version}: ${platforms.length} platform(s) locked
`)}))}finally{http.dispose()}let file=values.out??DEFAULT_LOCK_FILE;return await writeFile(resolvePath(file),renderLockFile(out)),io.stdout.write(`${file}: ${requests.length} tools, ${platforms.length} platform(s)
`),0}async function hashDownload(http,url,tool,version){let dir=await mkdtemp(join(tmpdir(),"talos-fleet-lock-"));try{return(await http.download(url,join(dir,"asset"))).sha256}catch(error){throw new UserError(`${tool} ${version}: could not download ${url} to hash it: ${String(error)}`,{fix:"check the version and the mirror"})}finally{await rm(dir,{recursive:!0,force:!0})}}var toolsCommand={help,run:async(args,io)=>{let[sub,...rest]=args;if(sub==="list")return list(io);if(sub==="lock")return lock(rest,io);throw new UserError(sub?`unknown subcommand 'tools ${sub}'.`:"'talos-fleet tools' needs a subcommand.",{fix:"use 'talos-fleet tools list' or 'talos-fleet tools lock' (see --help)"})}};export{toolsCommand};
