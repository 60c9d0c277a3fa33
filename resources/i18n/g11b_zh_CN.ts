<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CataloguePage</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>服务队</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Print badge</source>
        <translation>打印胸卡</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>出版社</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Home county</source>
        <translation>所属县市区</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Books and materials</source>
        <translation>图书资料</translation>
    </message>
    <message>
        <source>Vans</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>People, books and vans</source>
        <translation>人员、图书与车辆</translation>
    </message>
    <message>
        <source>Volunteer no.</source>
        <translation>志愿者编号</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>(any van)</source>
        <translation>（不限车辆）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>新增人员</translation>
    </message>
    <message>
        <source>Edit person</source>
        <translation>编辑人员</translation>
    </message>
    <message>
        <source>New book or material</source>
        <translation>新增图书资料</translation>
    </message>
    <message>
        <source>Edit book or material</source>
        <translation>编辑图书资料</translation>
    </message>
    <message>
        <source>New van</source>
        <translation>新增车辆</translation>
    </message>
    <message>
        <source>Edit van</source>
        <translation>编辑车辆</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>{name} is in use again.</source>
        <translation>{name} 已恢复使用。</translation>
    </message>
    <message>
        <source>{name} is deactivated: kept in the records, no longer offered.</source>
        <translation>{name} 已停用：记录保留，不再供选择。</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Printing badge</source>
        <translation>正在打印胸卡</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Phone sign-in open (port {port})</source>
        <translation>扫码签到开启中（端口 {port}）</translation>
    </message>
    <message>
        <source>People &amp; books</source>
        <translation>资料</translation>
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
    <name>RecordDialog</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
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
<context>
    <name>_Tab</name>
    <message>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>恢复使用</translation>
    </message>
    <message>
        <source>Show deactivated</source>
        <translation>显示已停用的</translation>
    </message>
    <message>
        <source>(deactivated)</source>
        <translation>（已停用）</translation>
    </message>
</context>
</TS>
