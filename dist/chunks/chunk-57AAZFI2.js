import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
var DELETION_ORDER=["globalForwardingRule","forwardingRule","targetTcpProxy","backendService","regionBackendService","healthCheck","regionHealthCheck","globalAddress","address","instance","instanceGroup","disk","image","firewall","route","router","subnetwork","network"];var MARKER={globalForwardingRule:"labels",forwardingRule:"labels",targetTcpProxy:"name",backendService:"name",regionBackendService:"name",healthCheck:"name",regionHealthCheck:"name",globalAddress:"labels",address:"labels",instance:"labels",instanceGroup:"name",disk:"labels",image:"labels",firewall:"description",route:"description",router:"description",subnetwork:"description",network:"description"};function resourceId(r){return r.location?`${r.kind}/${r.location}/${r.name}`:`${r.kind}/${r.name}`}var RANK=new Map(DELETION_ORDER.map((k,i)=>[k,i]));function inDeletionOrder(resources){return[...resources].sort((a,b)=>(RANK.get(a.kind)??0)-(RANK.get(b.kind)??0)||resourceId(a).localeCompare(resourceId(b)))}export{DELETION_ORDER,MARKER,resourceId,inDeletionOrder};
