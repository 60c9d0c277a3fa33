<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>StockPage</name>
    <message>
        <source>&amp;Undo selected entry…</source>
        <translation>撤销所选记录…(&amp;U)</translation>
    </message>
    <message>
        <source>Select an entry in the list first.</source>
        <translation>请先在列表中选择一条记录。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo this entry?</source>
        <translation>撤销这条记录？</translation>
    </message>
    <message>
        <source>Undo anyway? The override is recorded.</source>
        <translation>仍要撤销吗？超出库存的确认将被记录。</translation>
    </message>
    <message>
        <source>Undo anyway</source>
        <translation>仍要撤销</translation>
    </message>
</context>
</TS>
