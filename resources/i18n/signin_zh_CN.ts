<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ProjectorView</name>
    <message>
        <source>Scan to sign in</source>
        <translation>扫码签到</translation>
    </message>
    <message>
        <source>{n} signed in</source>
        <translation>已签到 {n} 人</translation>
    </message>
</context>
<context>
    <name>SigninPage</name>
    <message>
        <source>Phone sign-in</source>
        <translation>手机扫码签到</translation>
    </message>
    <message>
        <source>Open phone sign-in</source>
        <translation>开启扫码签到</translation>
    </message>
    <message>
        <source>The laptop's address on the hotspot or school network</source>
        <translation>本机在热点或学校网络中的地址</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏显示</translation>
    </message>
    <message>
        <source>New link</source>
        <translation>更换链接</translation>
    </message>
    <message>
        <source>Replace the sign-in link: QR codes printed before stop working</source>
        <translation>更换签到链接：之前打印的二维码将失效</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Scan a badge with the scanner: no need to click anywhere first.</source>
        <translation>用扫码枪扫描胸卡即可，无需先点击输入框。</translation>
    </message>
    <message>
        <source>Print poster</source>
        <translation>打印签到海报</translation>
    </message>
    <message>
        <source>Print sign-in sheet</source>
        <translation>打印签到表</translation>
    </message>
    <message>
        <source>Print badges</source>
        <translation>打印胸卡</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>This laptop is on no network: turn on its mobile hotspot so phones can connect.</source>
        <translation>本机未连接任何网络：请打开移动热点，手机连接后即可签到。</translation>
    </message>
    <message>
        <source>Choose a visit first.</source>
        <translation>请先选择活动。</translation>
    </message>
    <message>
        <source>Cannot open port {port} ({error}). Choose another port.</source>
        <translation>无法使用端口 {port}（{error}），请换一个端口。</translation>
    </message>
    <message>
        <source>Close phone sign-in</source>
        <translation>关闭扫码签到</translation>
    </message>
    <message>
        <source>Phones on the same network open: {url}</source>
        <translation>同一网络的手机访问：{url}</translation>
    </message>
    <message>
        <source>Phone sign-in is open.</source>
        <translation>扫码签到已开启。</translation>
    </message>
    <message>
        <source>Phone sign-in is closed.</source>
        <translation>扫码签到未开启。</translation>
    </message>
    <message>
        <source>The visit has ended: phone sign-in is closed.</source>
        <translation>活动已结束，扫码签到已关闭。</translation>
    </message>
    <message>
        <source>{n} signed in</source>
        <translation>已签到 {n} 人</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>Printing badges</source>
        <translation>正在生成胸卡</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存：{path}</translation>
    </message>
</context>
</TS>