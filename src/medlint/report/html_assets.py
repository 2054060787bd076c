"""The HTML report's inline style, script and category colours (no external assets)."""

COLORS = {
    "safety-claim": "#ffb3b3", "risk-minimization": "#ffd0a8", "addiction-denial": "#f7b6e6",
    "cure-claim": "#ff9c9c", "efficacy-overstatement": "#ffe58a", "mechanism-claim": "#c9b8ff",
    "speed-promise": "#a8e6ff", "suicide-claim": "#ff8fa3", "unsupported-evidence": "#c4f0a8",
    "comparative-claim": "#b8d4ff", "regulatory-claim": "#ffc2f0", "testimonial-claim": "#d9f7be",
    "topic-drift": "#e0e0e0", "missing-risk-disclosure": "#ffb3b3",
    "missing-off-label-disclosure": "#ffc2f0", "missing-crisis-resources": "#ff8fa3", "medlint": "#eeeeee",
}

STYLE = """
body{font:15px/1.55 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header,section{max-width:980px;margin:0 auto;padding:12px 24px}
header h1{margin:16px 0 0}.meta{color:#666;font-size:13px;margin:2px 0}
#summary,#filters,.page{background:#fff;border:1px solid #e3e3e3;border-radius:8px;margin:14px auto}
.bars{margin:8px 0}.bar-row{display:flex;align-items:center;gap:8px;margin:3px 0}
.bar-label{flex:0 0 240px;font-size:13px}.bar-track{flex:1}
.bar{display:block;height:14px;border-radius:3px;min-width:2px}
.bar-count{font-size:13px;color:#444}
.ranking{border-collapse:collapse;font-size:14px}.ranking td,.ranking th{padding:2px 12px 2px 0;text-align:left}
#filters label{margin-right:14px;font-size:13px;white-space:nowrap}#filters div{margin:6px 0}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
.page-path{font-size:17px;word-break:break-all}
.text h2,.text h3,.text h4{margin:14px 0 4px}
mark{border-radius:3px;padding:0 1px;cursor:help}
mark.off{background:none!important;padding:0}
.notes{list-style:none;margin:2px 0 10px 12px;padding:0 0 0 10px;border-left:3px solid #eee;font-size:13px}
.note{margin:4px 0}.note.off{display:none}.page-notes{border-left-color:#f0a0a0}
.suggestion{color:#215a1f;margin:2px 0 0 4px}
.sev{display:inline-block;border-radius:3px;padding:0 5px;font-size:12px;color:#fff}
.sev-error{background:#c62828}.sev-warning{background:#b26a00}.sev-info{background:#1565c0}
.cat{border-bottom:3px solid;font-size:12px}
.claim{border-bottom:2px solid #2e7d32}.claim-lapsed,.claim-edited{border-bottom:2px dashed #b26a00}
.claim-note{margin:4px 0;color:#2e5e30}
"""

# Plain JavaScript, no network: the checkboxes hide marks and notes by severity and category.
SCRIPT = """
(function(){
  function shown(kind){
    var on={};document.querySelectorAll('input.filter[data-kind="'+kind+'"]').forEach(function(b){on[b.value]=b.checked;});
    return on;
  }
  function visible(el,sev,cat){
    var s=(el.getAttribute('data-severity')||'').split(' '),c=(el.getAttribute('data-category')||'').split(' ');
    return s.some(function(x){return sev[x]!==false;})&&c.some(function(x){return cat[x]!==false;});
  }
  function apply(){
    var sev=shown('severity'),cat=shown('category');
    document.querySelectorAll('mark,.note').forEach(function(el){el.classList.toggle('off',!visible(el,sev,cat));});
  }
  document.querySelectorAll('input.filter').forEach(function(b){b.addEventListener('change',apply);});
  apply();
})();
"""
