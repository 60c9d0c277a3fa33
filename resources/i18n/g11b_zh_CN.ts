<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <source>Phone sign-in open (port {port})</source>
        <translation>扫码签到开启中（端口 {port}）</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法完成操作</translation>
    </message>
</context>
<context>
    <name>SigninPage</name>
    <message>
        <source>Phone sign-in is open in another program on this laptop.</source>
        <translation>本机另一个程序正在开启扫码签到。</translation>
    </message>
    <message>
        <source>Sign-ins arrive in the list below. Close it here to stop the other program taking them.</source>
        <translation>签到会显示在下方列表中。在此关闭即可让另一个程序停止接收签到。</translation>
    </message>
    <message>
        <source>The visit has ended: phone sign-in is closed.</source>
        <translation>活动已结束，扫码签到已关闭</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Syncing with the hub</source>
        <translation>正在与中心同步</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>not connected yet</source>
        <translation>尚未连接</translation>
    </message>
</context>
</TS>
