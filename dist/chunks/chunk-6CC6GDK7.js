import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
var PLAN_FILE=/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/(cluster\.yaml|cilium-values\.yaml)$/;function staleFiles(previousPlanJson,next){if(previousPlanJson===void 0)return[];let previous;try{previous=JSON.parse(previousPlanJson)}catch{return[]}let p=previous;if(p.kind!=="FleetPlan"||!Array.isArray(p.clusters))return[];let keep=new Set(next.map(f=>f.path));return p.clusters.flatMap(c=>[c.files?.manifests,c.files?.ciliumValues]).filter(f=>typeof f=="string"&&PLAN_FILE.test(f)&&!keep.has(f)).sort()}export{staleFiles};
