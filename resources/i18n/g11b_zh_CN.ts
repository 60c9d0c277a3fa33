<?xml version="1.0" encoding="utf-8"?>
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
    <name>DayCloseDialog</name>
    <message>
        <source>not counted</source>
        <translation>未清点</translation>
    </message>
    <message>
        <source>Not counted yet: {n} titles</source>
        <translation>尚未清点：{n} 种</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up this laptop</source>
        <translation>设置本机</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Finish and save</source>
        <translation>完成并保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Stop setting up this laptop? Nothing has been saved; the app closes.</source>
        <translation>停止设置本机吗？尚未保存任何内容，程序将关闭。</translation>
    </message>
    <message>
        <source>Stop and close</source>
        <translation>停止并关闭</translation>
    </message>
    <message>
        <source>Go on setting up</source>
        <translation>继续设置</translation>
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
    <name>StockPage</name>
    <message>
        <source>There are no books or materials yet. Add them on the 资料 page (People &amp; books) first.</source>
        <translation>还没有任何图书资料。请先在“资料”页添加。</translation>
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
    <name>_CrewPage</name>
    <message>
        <source>Crew (optional)</source>
        <translation>工作人员（可跳过）</translation>
    </message>
    <message>
        <source>One name per line</source>
        <translation>每行一个姓名</translation>
    </message>
    <message>
        <source>The van's crew, one name per line; badges can be printed on 资料. Press Finish to save.</source>
        <translation>本车工作人员，每行一个姓名；胸卡可在“资料”页打印。按“完成并保存”保存全部设置。</translation>
    </message>
</context>
<context>
    <name>_EnrollPage</name>
    <message>
        <source>Connect to the hub (optional)</source>
        <translation>连接数据中心（可跳过）</translation>
    </message>
    <message>
        <source>Enroll and fetch the vans</source>
        <translation>注册并获取车辆列表</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>中心地址</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>一次性注册码</translation>
    </message>
    <message>
        <source>With an address and a one-time code from the office, this laptop joins the hub and gets its vans, schools and books. No network now? Press Next: you can enroll later on 同步.</source>
        <translation>填入办公室提供的中心地址和一次性注册码，本机即可加入数据中心并获取车辆、学校和图书。现在没有网络？请按“下一步”，以后可在“同步”页注册。</translation>
    </message>
    <message>
        <source>Enter the hub address and the one-time code.</source>
        <translation>请输入中心地址和一次性注册码。</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <source>Enrolled with {server} (caravan {caravan}).</source>
        <translation>已在 {server} 注册（车辆 {caravan}）。</translation>
    </message>
    <message>
        <source>Enrolling</source>
        <translation>正在注册</translation>
    </message>
</context>
<context>
    <name>_SitesPage</name>
    <message>
        <source>Schools and sites (optional)</source>
        <translation>学校和站点（可跳过）</translation>
    </message>
    <message>
        <source>CSV or Excel file from the office</source>
        <translation>办公室提供的 CSV 或 Excel 文件</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Check the list</source>
        <translation>检查名单</translation>
    </message>
    <message>
        <source>Skip this if the hub already has the schools, or import them later.</source>
        <translation>如果数据中心已有学校名单，或想以后再导入，可跳过此步。</translation>
    </message>
    <message>
        <source>Site list</source>
        <translation>学校名单</translation>
    </message>
    <message>
        <source>{ok} sites will be imported at the end ({dup} already known, {bad} rows with errors).</source>
        <translation>完成时将导入 {ok} 个站点（{dup} 个已存在，{bad} 行有错误）。</translation>
    </message>
    <message>
        <source>Reading the list</source>
        <translation>正在读取名单</translation>
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
<context>
    <name>_TitlesPage</name>
    <message>
        <source>Books and materials (optional)</source>
        <translation>图书资料（可跳过）</translation>
    </message>
    <message>
        <source>Add titles from a file…</source>
        <translation>从文件添加书目…</translation>
    </message>
    <message>
        <source>Tick the titles this van hands out; more can be added on 资料 later.</source>
        <translation>勾选本车发放的图书资料；以后可在“资料”页继续添加。</translation>
    </message>
    <message>
        <source>Title list</source>
        <translation>书目清单</translation>
    </message>
</context>
<context>
    <name>_VanPage</name>
    <message>
        <source>This laptop's van</source>
        <translation>本机所属车辆</translation>
    </message>
    <message>
        <source>e.g. Caravan No. 1</source>
        <translation>例如：科普大篷车1号</translation>
    </message>
    <message>
        <source>e.g. Van 1 laptop</source>
        <translation>例如：1号车笔记本</translation>
    </message>
    <message>
        <source>Van</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Laptop name</source>
        <translation>本机名称</translation>
    </message>
    <message>
        <source>Which van does this laptop travel with? Pick it from the list or type a new name. Records made here are marked with it.</source>
        <translation>本机随哪辆车出行？请从列表中选择，或输入新车辆名称。本机的记录都会标明所属车辆。</translation>
    </message>
</context>
</TS>
