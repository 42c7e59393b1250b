import { parseClaim } from "../../lib/grading/claims";
console.log(JSON.stringify(parseClaim(process.argv[2])));
