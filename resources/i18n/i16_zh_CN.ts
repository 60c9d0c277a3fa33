<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FilePage</name>
    <message>
        <source>CSV (UTF-8, GBK, Big5 or UTF-16) or Excel .xlsx, as county offices send them.</source>
        <translation>CSV（UTF-8、GBK、Big5 或 UTF-16）或 Excel .xlsx，与县区发来的格式相同。</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>&amp;Save rows to send back…</source>
        <translation>保存退回修改表(&amp;S)…</translation>
    </message>
    <message>
        <source>{file}: imported {n} new sites and updated {u}. {same} unchanged, {skipped} changes not applied, {w} rows with warnings, {b} rows in error.</source>
        <translation>{file}：新增 {n} 个站点，更新 {u} 个。{same} 个未变，{skipped} 个变化未应用，{w} 行带警告，{b} 行有错误。</translation>
    </message>
    <message>
        <source>Rows to send back</source>
        <translation>退回修改的行</translation>
    </message>
    <message>
        <source>{n} rows saved to {path}</source>
        <translation>已将 {n} 行保存到 {path}</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>有变化</translation>
    </message>
    <message>
        <source>{outcome}, check</source>
        <translation>{outcome}，请核对</translation>
    </message>
    <message>
        <source>New: {new}   Unchanged: {same}   Changed: {changed}   With warnings: {warned}   In error: {bad}</source>
        <translation>新增：{new}   未变：{same}   有变化：{changed}   带警告：{warned}   错误：{bad}</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review the changes</source>
        <translation>核对变化</translation>
    </message>
    <message>
        <source>These sites are already in the app and the file gives other values. Tick the ones to update.</source>
        <translation>这些站点已在系统中，文件里的信息不同。请勾选要更新的站点。</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Apply &amp;all</source>
        <translation>全部更新(&amp;A)</translation>
    </message>
    <message>
        <source>Apply &amp;none</source>
        <translation>全不更新(&amp;N)</translation>
    </message>
    <message>
        <source>{new} new sites will be added. {changed} sites differ from the file.</source>
        <translation>将新增 {new} 个站点。{changed} 个站点与文件不同。</translation>
    </message>
    <message>
        <source>{new} new sites will be added. No site in the app differs from the file.</source>
        <translation>将新增 {new} 个站点。系统中没有与文件不同的站点。</translation>
    </message>
    <message>
        <source>Importing sites</source>
        <translation>正在导入站点</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Site already there</source>
        <translation>站点已存在</translation>
    </message>
    <message>
        <source>{county} already has a site named {name} (contact: {contact}). Add another one?</source>
        <translation>{county}已有名为“{name}”的站点（联系人：{contact}）。仍要再新增一个吗？</translation>
    </message>
    <message>
        <source>Add anyway</source>
        <translation>仍然新增</translation>
    </message>
    <message>
        <source>Do not add</source>
        <translation>不新增</translation>
    </message>
</context>
<context>
    <name>SitesPage</name>
    <message>
        <source>Not visited this year</source>
        <translation>本年未到访</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近一次活动</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Visits this year</source>
        <translation>本年活动</translation>
    </message>
    <message>
        <source>&amp;Towns…</source>
        <translation>乡镇覆盖(&amp;T)…</translation>
    </message>
</context>
<context>
    <name>TownCoverageDialog</name>
    <message>
        <source>Coverage by town this year</source>
        <translation>本年各乡镇覆盖情况</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县市区</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>乡镇(街道)</translation>
    </message>
    <message>
        <source>Visited / sites</source>
        <translation>已到访 / 站点数</translation>
    </message>
    <message>
        <source>Not visited this year</source>
        <translation>本年未到访</translation>
    </message>
    <message>
        <source>(no town)</source>
        <translation>（未填乡镇）</translation>
    </message>
    <message>
        <source>{n} of {m} towns not visited this year</source>
        <translation>{m} 个乡镇中有 {n} 个本年未到访</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
</TS>
