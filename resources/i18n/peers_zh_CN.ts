<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PeerSync</name>
    <message>
        <source>Laptops exchanging with this one: {names}</source>
        <translation>正在与本机互传数据的电脑：{names}</translation>
    </message>
    <message>
        <source>Refused {name}: {reason}</source>
        <translation>已拒绝 {name}：{reason}</translation>
    </message>
    <message>
        <source>No other laptop near by</source>
        <translation>附近没有其他电脑</translation>
    </message>
</context>
</TS>
