<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Counts taken back on two laptops at once (or more than was counted): both still count, never below zero. Check the figure: add a count, take back more, or mark it checked.</source>
        <translation>两台电脑同时撤回了同一笔计数（或撤回的比计入的多）：两次撤回都算，人数不会小于零。请核对人数：补计人数、再撤回，或标记为已核对。</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>人群</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>计入</translation>
    </message>
    <message>
        <source>Taken back</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Add a count…</source>
        <translation>补计人数…</translation>
    </message>
    <message>
        <source>Take back more…</source>
        <translation>再撤回…</translation>
    </message>
    <message>
        <source>Checked, keep as is</source>
        <translation>已核对，保持不变</translation>
    </message>
    <message>
        <source>How many more to count?</source>
        <translation>再计入多少人？</translation>
    </message>
    <message>
        <source>How many to take back?</source>
        <translation>撤回多少人？</translation>
    </message>
</context>
</TS>
