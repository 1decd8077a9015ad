import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
var CA_SECRET_NAME="talos-fleet-mesh-ca",CA_SECRET_NAMESPACE="kube-system",CA_SECRET_KEYS={cert:"ca.crt",key:"ca.key"};function caObjectName(fleet){return`talos-fleet/${fleet}/mesh-ca.json`}function caToJson(ca){return JSON.stringify({kind:"TalosFleetMeshCa",cert:ca.certPem,key:ca.keyPem})}function caFromJson(text){try{let o=JSON.parse(text);if(o.kind==="TalosFleetMeshCa"&&typeof o.cert=="string"&&typeof o.key=="string")return{certPem:o.cert,keyPem:o.key}}catch{return}}export{CA_SECRET_NAME,CA_SECRET_NAMESPACE,CA_SECRET_KEYS,caObjectName,caToJson,caFromJson};
