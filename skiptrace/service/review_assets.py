"""The review page's own style and script, inlined in every page under a per-answer nonce (the
Content-Security-Policy allows nothing else: no external script, font, image or stylesheet).

The script only adds keyboard shortcuts for a long queue: j / k move the selection (the queue's
rows, or the next and previous candidate), Enter or o opens the selected candidate, and a / r / u
press the selected candidate's accept / reject / unsure button. Typing in a field is left alone.
Without the script every action is a plain link or form.
"""

from __future__ import annotations

CSS = """
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;margin:0;background:#f1f5f9}
header.top{background:#0f172a;color:#e2e8f0;padding:10px 24px;display:flex;gap:16px;align-items:center}
header.top b{color:#fff;font-size:15px}header.top .who{margin-left:auto;font-size:13px}
header.top form{display:inline}header.top button{background:none;border:1px solid #475569;color:#e2e8f0;border-radius:6px;padding:3px 10px;cursor:pointer}
main{max-width:1240px;margin:0 auto;padding:20px 24px}
h1{font-size:21px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 8px;border-bottom:2px solid #cbd5e1;padding-bottom:4px}
h2.first{margin-top:0}p.why{margin:4px 0 14px;color:#334155;max-width:900px}.meta{color:#475569;font-size:13px}.card{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 2px #0001;margin-bottom:12px}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 2px #0001}
th,td{text-align:left;padding:7px 9px;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{background:#f8fafc;font-size:12px;text-transform:uppercase;color:#475569}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.sel td{background:#eff6ff}tr.sel td:first-child{box-shadow:inset 4px 0 #2563eb}
a{color:#1d4ed8}code{white-space:nowrap;font-size:12px;background:#f1f5f9;padding:1px 4px;border-radius:4px}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#e2e8f0;white-space:nowrap}
.k-uncertain{background:#fef9c3;color:#854d0e}.k-household{background:#ede9fe;color:#5b21b6}.k-successor{background:#e0f2fe;color:#075985}
.v-accept{background:#dcfce7;color:#166534}.v-reject{background:#fee2e2;color:#991b1b}.v-unsure{background:#fef3c7;color:#92400e}
progress{width:60px;height:8px;vertical-align:middle;accent-color:#2563eb}header.top a{color:#e2e8f0}
.acts{white-space:nowrap}.acts form{display:inline}
button.b{border:0;border-radius:6px;padding:5px 10px;font-weight:600;cursor:pointer;font-size:13px}
button.accept{background:#16a34a;color:#fff}button.reject{background:#dc2626;color:#fff}button.unsure{background:#f59e0b;color:#111}
button.b kbd{font:11px ui-monospace,monospace;background:#0002;border-radius:3px;padding:0 4px;margin-left:4px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}.pair dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}
.pair dt{color:#475569}.pair dd{margin:0}
.decide textarea{width:100%;min-height:60px;font:inherit;border:1px solid #cbd5e1;border-radius:6px;padding:6px}
.decide .row{display:flex;gap:8px;align-items:center;margin-top:8px}.nav{margin-left:auto}
.keys{font-size:12px;color:#475569;margin:8px 0}.keys kbd{font:11px ui-monospace,monospace;background:#e2e8f0;border-radius:3px;padding:1px 5px}
.login{max-width:420px;margin:60px auto}.login label{display:block;margin:10px 0 4px;font-weight:600}
.login input{width:100%;padding:7px;border:1px solid #cbd5e1;border-radius:6px;font:inherit}
.login button{margin-top:14px;width:100%;padding:8px;background:#1d4ed8;color:#fff;border:0;border-radius:6px;font-weight:600}
.error{background:#fee2e2;color:#991b1b;border-radius:6px;padding:8px 10px}.done{background:#dcfce7;color:#166534;border-radius:6px;padding:8px 10px}
.ltr{unicode-bidi:isolate;direction:ltr}
"""

SCRIPT = """
(function(){
  var rows=[].slice.call(document.querySelectorAll('[data-row]'));var at=0;
  function pick(i){if(!rows.length)return;at=Math.max(0,Math.min(rows.length-1,i));
    rows.forEach(function(r,j){r.classList.toggle('sel',j===at)});rows[at].scrollIntoView({block:'nearest'})}
  pick(0);
  document.addEventListener('keydown',function(e){
    var t=e.target.tagName;if(t==='TEXTAREA'||t==='INPUT'||e.ctrlKey||e.metaKey||e.altKey)return;
    var scope=rows.length?rows[at]:document;
    if(e.key==='j'||e.key==='k'){
      if(rows.length){pick(at+(e.key==='j'?1:-1))}
      else{var go=document.querySelector('[data-go="'+(e.key==='j'?'next':'prev')+'"]');if(go)location.href=go.href}
      e.preventDefault();return}
    if((e.key==='Enter'||e.key==='o')&&rows.length){var a=scope.querySelector('a[data-open]');if(a){location.href=a.href;e.preventDefault()}return}
    var verdict={a:'accept',r:'reject',u:'unsure'}[e.key];
    if(verdict){var b=scope.querySelector('button[value="'+verdict+'"]');if(b){b.click();e.preventDefault()}}
  });
})();
"""

__all__ = ["CSS", "SCRIPT"]
