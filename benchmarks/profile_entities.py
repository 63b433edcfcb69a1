"""Issue 14 evidence, one entity per thing inside a profile: one building written three ways,
and a person's own listing with the name reversed. Run from a tree: PYTHONPATH=<tree> python
benchmarks/profile_entities.py (benchmarks/results/profile_entities.md has before / after)."""
import json
from datetime import UTC, datetime

from skiptrace.model import Debtor, Identifier, Match, Party, Provenance, Record, SourceStatus
from skiptrace.profile import build_profile

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)
HOME = "Résidence Rayhane, Imm 14, Appt 9, N° 142, Avenue Hassan II"
debtor = Debtor("D-1", "person", "EL ALAOUI Mohamed", first_name="Mohamed", last_name="EL ALAOUI",
                identifiers=(Identifier("cin", "BK100001"),), city="Casablanca",
                addresses=(HOME,), phones=("0522304050",))

def listing(rid, name, phone, address, source):
    fields = {"name": name, "listing_kind": "person", "address": address, "city": "Casablanca", "phones": [phone]}
    rec = Record("phone", fields, Provenance(source, rid, AS_OF, url=f"http://127.0.0.1/{rid}"))
    return rec, Party("listing", "person", name, city="Casablanca", address=address, phones=(phone,))

cases = [listing("PD-1", "EL ALAOUI Mohamed", "0661001010", "Res Rayhane Imm. 14 App 9 No 142 Av Hassan II", "phone_directory"),
         listing("PD-2", "EL ALAOUI Mohamed", "0661001010", "142 Av. Hassan II, Maârif", "cnss_affiliates"),
         listing("PD-3", "Mohamed EL ALAOUI", "+212522304050", "N° 7, Rue 12, Hay Hassani", "phone_directory")]
matches = [Match("D-1", r, p, prob) for (r, p), prob in zip(cases, (0.9, 0.9, 0.3), strict=False)]
statuses = [SourceStatus(s, "ok") for s in ("phone_directory", "cnss_affiliates")]
p = build_profile(debtor, matches, statuses, as_of=AS_OF)
out = {"addresses": [{k: a[k] for k in ("value", "confidence", "sources")} for a in p["contacts"]["addresses"]],
       "phones": [{k: a.get(k) for k in ("value", "confidence", "flags", "shared_with")} for a in p["contacts"]["phones"]]}
print(json.dumps(out, ensure_ascii=False, indent=1))
