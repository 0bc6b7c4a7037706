// The dashboard's style sheet: readable in light and dark mode, no external fonts or images.

export const DASHBOARD_STYLE = `
:root{color-scheme:light dark;--fg:#1d232a;--muted:#5b6672;--bg:#f5f6f8;--card:#fff;--line:#d8dde3;
--ok:#1c7c3c;--ok-bg:#dcf3e3;--bad:#a32020;--bad-bg:#fbe0e0;--warn:#8a5a00;--warn-bg:#fdf0d0;--accent:#1f5fbf}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#9aa5b1;--bg:#14181d;--card:#1d232a;--line:#333c46;
--ok:#7ddc9a;--ok-bg:#1f3b29;--bad:#ff9b9b;--bad-bg:#4a2020;--warn:#f4c86a;--warn-bg:#43381c;--accent:#8ab4ff}}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:var(--bg)}
header.top{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:center;padding:1rem 1.5rem;background:var(--card);border-bottom:1px solid var(--line)}
header.top h1{font-size:1.25rem;margin:0 1rem 0 0}
main{padding:1rem 1.5rem;display:grid;gap:1.2rem}
h2{font-size:1.05rem;margin:0 0 .6rem}
h3{font-size:1rem;margin:0}
.pill{display:inline-block;padding:.1rem .6rem;border-radius:1rem;background:var(--line);font-weight:600;font-size:.85rem}
.ok{background:var(--ok-bg);color:var(--ok)}.bad{background:var(--bad-bg);color:var(--bad)}.warn{background:var(--warn-bg);color:var(--warn)}
.muted{color:var(--muted)}
.field{display:flex;gap:.4rem;align-items:baseline}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace}
#evses{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr))}
.card,section.panel{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem}
.card>header{display:flex;justify-content:space-between;align-items:center;margin-bottom:.5rem}
.connectors{list-style:none;padding:0;margin:0 0 .6rem}
dl.grid{display:grid;grid-template-columns:auto 1fr;gap:.15rem 1rem;margin:.4rem 0}
dl.grid dt{color:var(--muted)}dl.grid dd{margin:0;font-variant-numeric:tabular-nums}
.tx{border-top:1px solid var(--line);margin-top:.6rem;padding-top:.5rem}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.7rem}
button,input,select{font:inherit;color:inherit}
button{padding:.35rem .8rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);cursor:pointer}
button:hover:not(:disabled){border-color:var(--accent)}
button:disabled{opacity:.45;cursor:default}
button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:var(--card)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
input,select{padding:.3rem .5rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg)}
input[type=number]{width:7rem}
details.ev{margin-top:.5rem}details.ev label{display:inline-flex;gap:.3rem;align-items:center;margin-right:.8rem}
form.card-reader{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end}
form.card-reader label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
ol.display{list-style:none;margin:0;padding:0;display:grid;gap:.4rem}
ol.display li{display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:baseline}ol.display .content{font-weight:600;word-break:break-word}
#error{margin:0;color:var(--bad);font-weight:600}#error:empty{display:none}
#stream[hidden]{display:none}
svg.chart{width:100%;height:10rem;display:block}
svg.chart .axis{stroke:var(--line)}svg.chart line,svg.chart polyline{vector-effect:non-scaling-stroke}
.axis{font-size:.8rem}.axis.ends{display:flex;justify-content:space-between}
.legend{display:flex;gap:1rem;font-size:.85rem;margin-top:.3rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:.2rem;margin-right:.3rem;vertical-align:-1px}
.c0{background:#1f77b4;stroke:#1f77b4}.c1{background:#e4572e;stroke:#e4572e}.c2{background:#2ca02c;stroke:#2ca02c}.c3{background:#9467bd;stroke:#9467bd}
.c4{background:#d6a100;stroke:#d6a100}.c5{background:#17becf;stroke:#17becf}
svg.chart polyline{fill:none;stroke-width:2;background:none}
#trace{list-style:none;margin:0;padding:0;max-height:24rem;overflow:auto;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;border:1px solid var(--line);border-radius:.4rem}
#trace li{border-bottom:1px solid var(--line);padding:.1rem .5rem}
#trace summary{cursor:pointer;display:flex;gap:.8rem}
#trace .out .dir{color:var(--accent)}#trace .in .dir{color:var(--ok)}#trace .error b{color:var(--bad)}
#trace pre{margin:.2rem 0 .4rem;white-space:pre-wrap;word-break:break-all}
`;
