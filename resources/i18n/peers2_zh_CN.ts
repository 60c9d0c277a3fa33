<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>PeerSync</name>
        <message>
            <source>Pairing code {code} (single use, until {until}). On the other laptop run:
caravan peer sync {address} --pair {code}</source>
            <translation>配对码 {code}（仅可使用一次，{until} 前有效）。请在另一台电脑上运行：
caravan peer sync {address} --pair {code}</translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message>
            <source>Show a pairing code</source>
            <translation>显示配对码</translation>
        </message>
    </context>
</TS>
