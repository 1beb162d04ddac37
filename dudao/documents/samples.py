"""Sample data of every kind (demo data): the UI pre-fills forms with these so each kind can be
previewed and issued before the modules that hold the real data (tasks, findings, inspectors)
exist. Dates are ISO strings, as the API takes them."""

from .choices import DocumentKind as K

SCHOOL = "重庆市南岸区珊瑚实验小学"
PROBLEMS = ["课后服务收费公示不规范，未按规定在校园显著位置公示收费项目和标准", "食堂食品留样记录不全，部分餐次留样不足125克",
            "校园周边交通安全设施缺失，上下学高峰段未安排护导人员"]
COMMON = {"signed_on": "2025-05-06", "cc": ["区教委", "区市场监管局"]}

SAMPLES: dict[str, dict] = {
    K.INSPECTION_NOTICE: {
        **COMMON, "recipient": SCHOOL, "inspection_name": "2025年春季学期责任督学经常性督导",
        "start_date": "2025-05-20", "end_date": "2025-05-21", "team_leader": "杨志强", "members": ["刘敏", "张伟"],
        "contents": ["学校管理和制度执行情况", "课后服务和课业负担情况", "校园安全和食品安全情况"],
        "materials": ["学校自评报告", "近三年学校发展规划及落实情况", "课后服务收费相关资料"],
        "contact": "何晓燕", "phone": "023-62981234"},
    K.PRELIMINARY_OPINION: {
        **COMMON, "recipient": SCHOOL, "inspection_name": "2025年春季学期专项督导", "visit_dates": "2025年4月22日至23日",
        "strengths": ["学校办学理念清晰，“珊瑚”文化特色鲜明", "课后服务覆盖率达到98%"],
        "problems": PROBLEMS, "suggestions": ["完善收费公示制度", "落实食堂食品留样制度"]},
    K.OPINION_LETTER: {
        **COMMON, "recipient": SCHOOL, "inspection_name": "2025年春季学期专项督导",
        "summary": "2025年4月22日至23日，区政府教育督导室组织督导组对你校开展了春季学期专项督导。督导组通过听取汇报、"
                   "查阅资料、实地查看、问卷调查和个别访谈等方式，全面了解了学校办学情况。现将督导意见反馈如下。",
        "strengths": ["学校党建引领作用突出，“三全育人”格局基本形成", "教师队伍结构合理，校本研修扎实有效"],
        "problems": PROBLEMS, "requirements": ["（一）高度重视整改工作。学校要成立整改工作小组，校长为第一责任人。",
                                               "（二）建立整改台账。逐项明确整改措施、责任人和完成时限。"],
        "deadline": "2025-06-06"},
    K.REPORT: {
        **COMMON, "title": "关于2025年春季学期开学工作专项督导情况的报告", "recipients": "区人民政府",
        "signer": "王建国",
        "overview": "根据《重庆市南岸区2025年教育督导工作要点》安排，区政府教育督导室于2025年2月24日至3月7日对全区"
                    "60所中小学校、幼儿园春季开学工作开展了专项督导。现将有关情况报告如下。",
        "sections": [
            {"heading": "基本情况", "paragraphs": [
                "（一）开学准备充分。各校均制定了开学工作方案，完成了校舍安全排查和教学设施设备检修。",
                "（二）安全工作扎实。各校落实了“护学岗”制度，开展了开学第一课安全教育。"]},
            {"heading": "存在的问题", "paragraphs": [
                "（一）部分学校课后服务收费公示不规范。", "1.公示位置不显著。", "2.收费标准未同步公示。",
                "（二）个别学校食堂食品留样记录不全。"]},
            {"heading": "下一步工作建议", "paragraphs": [
                "（一）压实整改责任。对发现的问题建立台账，实行动态销号管理。",
                "（二）强化结果运用。将督导结果纳入学校年度考核。"]}],
        "attachments": ["2025年春季开学工作专项督导问题清单", "2025年春季开学工作专项督导学校名单"],
        "note": "此件公开发布"},
    K.RECTIFICATION_NOTICE: {
        **COMMON, "recipient": SCHOOL, "inspection_name": "2025年春季学期专项督导", "problems": PROBLEMS,
        "requirements": ["逐项制定整改措施，明确责任人和完成时限", "整改完成后在校园网公开整改情况"],
        "deadline": "2025-06-06", "contact": "何晓燕", "phone": "023-62981234"},
    K.SUPERVISION_NOTICE: {
        **COMMON, "recipient": SCHOOL, "matter": "2025年春季学期专项督导发现问题的整改", "original_deadline": "2025-04-30",
        "outstanding": PROBLEMS[:2], "new_deadline": "2025-05-31",
        "requirements": ["校长为整改第一责任人，亲自研究部署整改工作", "整改完成后报送整改报告及佐证材料"]},
    K.RECHECK_OPINION: {
        **COMMON, "recipient": SCHOOL, "inspection_name": "2025年春季学期专项督导", "recheck_date": "2025-06-12",
        "method": "随机抽查和实地查看", "rectified": PROBLEMS[:2], "outstanding": PROBLEMS[2:],
        "conclusion": "学校整改工作基本到位，剩余1项问题需在2025年7月15日前完成整改。"},
    K.INTERVIEW_RECORD: {
        **COMMON, "held_at": "2025年6月20日 9:30", "place": "区政府教育督导室会议室", "unit": SCHOOL,
        "interviewees": ["李明（校长）"], "interviewers": ["刘敏（总督学）", "何晓燕"], "recorder": "张伟",
        "reason": "督办通知所列问题逾期未整改到位",
        "content": ["通报学校整改工作存在的问题", "听取学校关于整改进展的情况说明", "提出下一步整改要求"],
        "commitments": ["2025年7月15日前完成全部整改", "每周报送整改进展"]},
    K.CIRCULAR: {
        **COMMON, "title": "关于2025年春季学期开学工作专项督导情况的通报", "recipients": "各中小学、幼儿园",
        "background": "2025年2月24日至3月7日，区政府教育督导室对全区中小学校、幼儿园春季开学工作开展了专项督导。现将有关情况通报如下。",
        "findings": ["全区开学工作总体平稳有序", "部分学校课后服务收费公示不规范"],
        "commended": ["重庆市南岸区南坪实验小学", "重庆市南岸区第一实验幼儿园"],
        "criticised": ["重庆市南岸区峡口小学"], "requirements": ["各校对照问题清单开展自查自纠"]},
    K.ACCOUNTABILITY_DECISION: {
        **COMMON, "recipient": "重庆市南岸区峡口小学", "facts": ["督办通知所列问题逾期三个月仍未整改到位", "整改报告内容与实际情况不符"],
        "basis": "《教育督导问责办法》第九条", "measures": ["予以通报批评", "责令在30日内完成整改并书面检查"]},
    K.APPOINTMENT_LETTER: {
        **COMMON, "name": "杨志强", "role": "责任督学", "term_name": "第八届", "start_date": "2025-01-01",
        "end_date": "2027-12-31", "cc": []},
    K.INSPECTOR_CARD: {
        **COMMON, "name": "杨志强", "gender": "男", "card_number": "渝南督〔2025〕第008号", "unit": "重庆市南岸区教师进修学院",
        "role": "责任督学", "valid_until": "2027-12-31", "cc": []},
    K.SCHOOL_SIGN: {
        **COMMON, "school": SCHOOL, "inspector_name": "杨志强", "inspector_phone": "13800000005",
        "inspector_unit": "重庆市南岸区教师进修学院", "hotline": "023-62981234",
        "url": "https://dudao.example.cn/public/inspectors/8", "cc": []},
    K.ANNUAL_PLAN: {
        **COMMON, "year": 2025, "recipients": "各中小学、幼儿园，教师进修学院",
        "general": "2025年全区教育督导工作的总体思路是：坚持以习近平新时代中国特色社会主义思想为指导，深化新时代教育督导体制机制改革。",
        "sections": [{"heading": "深化督政工作", "paragraphs": ["（一）开展镇街履行教育职责评价。", "（二）完善督政清单2.0版。"]},
                     {"heading": "强化督学工作", "paragraphs": ["（一）实施三色督导。", "（二）推进责任督学挂牌督导全覆盖。"]}]},
    K.ANNUAL_SUMMARY: {
        **COMMON, "year": 2024, "recipients": "区人民政府",
        "overview": "2024年，区政府教育督导室围绕教育强区建设，扎实推进督政、督学和评估监测工作。",
        "sections": [{"heading": "督政工作", "paragraphs": ["完成8个镇街履行教育职责评价。"]},
                     {"heading": "督学工作", "paragraphs": ["责任督学全年开展经常性督导1260校次。"]}],
        "problems": ["督导结果运用有待加强"], "next_steps": ["完善问题台账动态销号机制"]},
}


def sample(kind: str) -> dict:
    """A fresh copy of the sample data of ``kind``."""
    import copy

    return copy.deepcopy(SAMPLES[kind])
