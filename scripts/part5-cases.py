# Extracts, from OCPP 2.0.1 Part 5 (certification profiles, markdown), the charging-station test cases of
# each certification profile with their M/C flag and condition. Usage: python3 scripts/part5-cases.py PART5.md
import json, re, sys
text = open(sys.argv[1], encoding='utf-8').read().splitlines()
profiles = {113: 'Core', 117: 'Advanced Security', 121: 'Local Authorization List Management', 125: 'Smart Charging',
            129: 'Advanced Device Management', 133: 'Reservation', 137: 'Advanced User Interface', 141: 'ISO 15118 Support'}
# The errata (2025-09) change some conditions: 5.16 TC_H_13 applies when R-2 is NOT supported; 5.19
# makes R-1 (reservations of a connectorType) a charging-station feature and the condition of TC_H_15/16.
ERRATA_CONDITIONS = {'TC_H_13_CS': 'NOT R-2', 'TC_H_15_CS': 'R-1', 'TC_H_16_CS': 'R-1'}
out = {}
for line_no, name in profiles.items():
    cases = []
    for row in re.findall(r'<tr>(.*?)</tr>', text[line_no - 1]):
        cells = [re.sub(r'<[^>]*>', '', c).strip() for c in re.findall(r'<td[^>]*>(.*?)</td>', row)]
        if len(cells) >= 7 and cells[0].startswith('TC_') and cells[2] in ('M', 'C'):
            cases.append({'id': cells[0].replace('TC_0_', 'TC_O_') + '_CS', 'title': cells[1], 'cs': cells[2], 'condition': cells[5] or None})
    for case in cases:
        case['condition'] = ERRATA_CONDITIONS.get(case['id'], case['condition'])
    out[name] = cases
print(json.dumps(out, indent=1, ensure_ascii=False))
