//! Error texts in the user's language. Codes are stable; the UI may translate them itself.

use closer_domain::text::Language;

/// The title of a problem with this code.
#[must_use]
pub fn title(code: &str, lang: Language) -> &'static str {
    let (zh, en) = match code {
        "malformed_json" => ("请求格式错误", "Malformed request"),
        "invalid_input" => ("输入有误", "Invalid input"),
        "unauthenticated" => ("请先登录", "Sign-in required"),
        "invalid_credentials" => ("登录失败", "Sign-in failed"),
        "forbidden" | "not_an_approver" | "not_the_submitter" => ("没有权限", "Not allowed"),
        "csrf_failed" => ("安全校验失败", "Security check failed"),
        "not_found" => ("未找到", "Not found"),
        "stale_version" => ("记录已被他人修改", "Changed by someone else"),
        "payload_too_large" => ("内容过大", "Too large"),
        "throttled" => ("操作过于频繁", "Too many attempts"),
        "unsupported_media_type" => ("不支持的内容类型", "Unsupported content type"),
        "document_refused" => ("文件未被接受", "Document not accepted"),
        "upload_incomplete" => ("上传未完成", "Upload incomplete"),
        "internal" => ("服务器内部错误", "Internal error"),
        "unavailable" => ("服务暂不可用", "Service unavailable"),
        "method_not_allowed" => ("不支持的操作", "Method not allowed"),
        "amendment_unchanged" => ("没有改动", "Nothing changed"),
        _ => ("操作冲突", "Conflict"),
    };
    pick(lang, zh, en)
}

/// The detail sentence of a problem with this code.
#[must_use]
pub fn detail(code: &str, lang: Language) -> &'static str {
    let (zh, en) = match code {
        "malformed_json" => (
            "请求体不是有效的 JSON。",
            "The request body is not valid JSON.",
        ),
        "invalid_input" => ("请检查标出的字段。", "Please check the fields marked."),
        "unauthenticated" => (
            "登录已失效或尚未登录，请重新登录。",
            "You are not signed in, or your session has expired.",
        ),
        "invalid_credentials" => (
            "企业代码、邮箱或密码不正确。",
            "The company code, e-mail or password is not right.",
        ),
        "forbidden" => (
            "您的角色没有执行此操作的权限。",
            "Your role does not allow this action.",
        ),
        "out_of_scope" => (
            "该记录不在您的数据范围内。",
            "This record is outside your data scope.",
        ),
        "csrf_failed" => (
            "缺少或错误的 CSRF 令牌，请刷新页面后重试。",
            "The CSRF token is missing or wrong; reload the page and try again.",
        ),
        "method_not_allowed" => (
            "该地址不支持此请求方法。",
            "This address does not accept that request method.",
        ),
        "not_found" => (
            "记录不存在，或您无权查看。",
            "The record does not exist or is not visible to you.",
        ),
        "stale_version" => (
            "该记录在您读取后已被修改，请刷新后重试。",
            "The record changed since you read it; reload and try again.",
        ),
        "payload_too_large" => (
            "请求内容超过了允许的大小。",
            "The request is larger than allowed.",
        ),
        "throttled" => (
            "尝试次数过多，请稍后再试。",
            "Too many attempts; please wait and try again.",
        ),
        "unsupported_media_type" => (
            "请求内容应为 application/json。",
            "The request body must be application/json.",
        ),
        "document_refused" => (
            "文件的类型由其内容判定：只接受 PDF、图片、Office 与 OpenDocument 文档、ZIP 和文本，且文件名须与内容相符。",
            "A document's type is read from its content: PDF, images, Office and OpenDocument files, ZIP and text are accepted, and the name must match the content.",
        ),
        "upload_incomplete" => (
            "文件在上传完成前中断了，请重试。",
            "The upload broke off before the whole file arrived; please try again.",
        ),
        "tenant_exists" => ("该企业代码已被使用。", "That company code is taken."),
        "email_taken" => (
            "该邮箱已被本企业的其他用户使用。",
            "Another user of this company has that e-mail.",
        ),
        "already_exists" => ("相同的记录已存在。", "The same record exists already."),
        "department_cycle" => (
            "不能把部门移到它自己或它的下级部门之下。",
            "A department cannot move under itself or one of its sub-departments.",
        ),
        "root_has_no_parent" => (
            "根部门不能有上级，其他部门都必须有上级。",
            "The root department has no parent, and every other department needs one.",
        ),
        "document_file_missing" => (
            "文档记录还在，但它的文件不在本服务器的文档目录中。共用一个数据库的多台服务器必须共用同一个文档目录，请联系管理员。",
            "The document is recorded, but its file is not in this server's documents folder. Servers sharing one database must share one documents folder; tell your administrator.",
        ),
        "last_admin" => (
            "公司至少要保留一位在职的管理员：请先让另一位用户成为管理员。",
            "The company must keep at least one active administrator: make someone else an administrator first.",
        ),
        "cannot_deactivate_self" => (
            "不能停用自己的账号。",
            "You cannot deactivate your own account.",
        ),
        "builtin_role" => (
            "内置角色的标识不能修改。",
            "A built-in role's key cannot change.",
        ),
        "not_an_approver" => (
            "这项审批当前不在等待您的决定。",
            "This approval is not waiting for your decision.",
        ),
        "not_the_submitter" => (
            "只有提交人可以撤回审批。",
            "Only the submitter can recall an approval.",
        ),
        "approval_decided" => (
            "该审批已经处理或已被撤回。",
            "This approval was already decided or recalled.",
        ),
        "opportunity_not_won" => (
            "只有赢单的商机才能生成合同。",
            "Only a won opportunity becomes a contract.",
        ),
        "plan_locked" => (
            "目标方案已锁定，只能通过新版本（说明原因）修改。",
            "The target plan is locked: it changes only by a new version with its reason.",
        ),
        "plan_not_locked" => (
            "只有已锁定的目标方案才能生成新版本。",
            "Only a locked plan gets a new version.",
        ),
        "plan_superseded" => (
            "该目标方案已有更新的版本。",
            "This plan already has a newer version.",
        ),
        "run_exists" => (
            "该期间已有一个草稿核算，请重新计算或关闭它。",
            "This period already has a draft run: recalculate or close it.",
        ),
        "period_closed" => (
            "该期间的薪酬已关账；之后的变化会在下一期作为调整计入。",
            "This period is closed: later changes reach people as adjustments in the next run.",
        ),
        "run_closed" => (
            "已关账的核算不能再修改。",
            "A closed run never changes.",
        ),
        "contract_not_editable" => (
            "合同已提交或已生效，不能直接修改；生效的合同请走变更。",
            "The contract was submitted or is active: an active contract changes by amendment.",
        ),
        "contract_not_submittable" => (
            "只有草稿或被驳回的合同可以提交审批。",
            "Only a draft or rejected contract can be submitted.",
        ),
        "contract_not_active" => (
            "合同未生效，不能执行此操作。",
            "The contract is not active.",
        ),
        "amendment_unchanged" => (
            "本次变更与合同当前版本完全相同，未生成新版本。",
            "The amendment is the same as the contract as it stands; no revision was made.",
        ),
        "amendment_pending" => (
            "该合同已有一项变更在审批中。",
            "An amendment of this contract is already waiting for approval.",
        ),
        "contract_not_plannable" => (
            "只有草稿或已生效的合同可以设置回款计划。",
            "Only a draft or active contract takes a payment plan.",
        ),
        "payment_reversed" => (
            "该收款已冲销。",
            "This payment was reversed.",
        ),
        "payment_refunded" => (
            "该收款有部分已退款或待退款，不能冲销。",
            "Part of this payment is held for or paid in a refund: it cannot be reversed.",
        ),
        "invoice_void" => (
            "该发票已作废。",
            "This invoice is already void.",
        ),
        "invoice_number_taken" => (
            "该发票号码已被使用。",
            "This invoice number is already used.",
        ),
        "refund_paid" => (
            "该退款已登记付款。",
            "This refund is already paid.",
        ),
        "refund_not_approved" => (
            "只有已批准的退款可以登记付款。",
            "Only an approved refund can be paid.",
        ),
        "bank_line_matched" => (
            "该银行流水已入账。",
            "This bank row was already paid in.",
        ),
        "email_not_configured" => (
            "尚未设置邮件服务器。",
            "No mail server is set up yet.",
        ),
        "planned_by_orders" => (
            "该合同已按订单设置回款计划，请在各订单上修改。",
            "This contract is planned order by order: change the plans on its orders.",
        ),
        "planned_as_whole" => (
            "该合同已整体设置回款计划，不能再按订单设置。",
            "This contract has a payment plan as a whole: its orders take none of their own.",
        ),
        "order_planned" => (
            "该订单有回款计划，请先删除其回款计划再取消订单。",
            "This order has a payment plan: remove the plan before cancelling the order.",
        ),
        "order_not_plannable" => (
            "已取消的订单不能设置回款计划。",
            "A cancelled order takes no payment plan.",
        ),
        "order_status" => (
            "订单状态只能向前推进：待发货 → 已发货 → 已交付，或取消。",
            "Orders move forward only: open → shipped → delivered, or cancelled.",
        ),
        "internal" => (
            "服务器出现意外错误，已记录。",
            "Something went wrong on the server; it has been logged.",
        ),
        "unavailable" => (
            "数据库暂时无法访问。",
            "The database cannot be reached right now.",
        ),
        _ => (
            "请求与记录当前状态冲突。",
            "The request conflicts with the record's state.",
        ),
    };
    pick(lang, zh, en)
}

/// The message of one field error.
#[must_use]
pub fn field_message(code: &str, lang: Language, limit: Option<usize>) -> String {
    let n = limit.unwrap_or_default();
    if let Some(currency) = code.strip_prefix("only_") {
        return match lang {
            Language::ZhCn => format!("只接受 {currency}"),
            Language::EnUs => format!("Only {currency} is accepted"),
        };
    }
    match (code, lang) {
        ("required", Language::ZhCn) => "必填".into(),
        ("required", Language::EnUs) => "Required".into(),
        ("too_long", Language::ZhCn) => format!("最多 {n} 个字符"),
        ("too_long", Language::EnUs) => format!("At most {n} characters"),
        ("too_short", Language::ZhCn) => format!("至少 {n} 个字符"),
        ("too_short", Language::EnUs) => format!("At least {n} characters"),
        ("invalid_format", Language::ZhCn) => "格式不正确".into(),
        ("invalid_format", Language::EnUs) => "Not in the expected format".into(),
        ("not_allowed", Language::ZhCn) => "不是允许的取值".into(),
        ("not_allowed", Language::EnUs) => "Not one of the allowed values".into(),
        ("unknown_field", Language::ZhCn) => "未知字段".into(),
        ("unknown_field", Language::EnUs) => "Unknown field".into(),
        ("invalid_type", Language::ZhCn) => "类型不正确".into(),
        ("invalid_type", Language::EnUs) => "Wrong type".into(),
        ("unknown_reference", Language::ZhCn) => "引用的记录不存在".into(),
        ("unknown_reference", Language::EnUs) => "No such record".into(),
        ("already_exists", Language::ZhCn) => "已被使用".into(),
        ("already_exists", Language::EnUs) => "Already in use".into(),
        ("executable", Language::ZhCn) => "文件是程序或脚本，不能上传".into(),
        ("executable", Language::EnUs) => "The file is a program or script".into(),
        ("type_mismatch", Language::ZhCn) => "文件名的类型与文件内容不符".into(),
        ("type_mismatch", Language::EnUs) => "The file's name does not match its content".into(),
        ("unknown_column", Language::ZhCn) => "文件中没有这一列".into(),
        ("unknown_column", Language::EnUs) => "The file has no such column".into(),
        ("not_an_image", Language::ZhCn) => "不是可读的 PNG 或 JPEG 图片".into(),
        ("not_an_image", Language::EnUs) => "Not a readable PNG or JPEG image".into(),
        ("too_large_image", Language::ZhCn) => "图片尺寸过大（最大 2048 × 2048 像素）".into(),
        ("too_large_image", Language::EnUs) => {
            "The picture is too large (at most 2048 × 2048 pixels)".into()
        }
        ("type_not_allowed", Language::ZhCn) => "不接受此类型的文件".into(),
        ("type_not_allowed", Language::EnUs) => "Files of this type are not accepted".into(),
        ("unknown_type", Language::ZhCn) => "无法识别文件类型".into(),
        ("unknown_type", Language::EnUs) => "The file's type is not recognised".into(),
        ("empty_file", Language::ZhCn) => "文件为空".into(),
        ("empty_file", Language::EnUs) => "The file is empty".into(),
        ("unbalanced", Language::ZhCn) => "与上级不平：各下级之和必须等于上级".into(),
        ("unbalanced", Language::EnUs) => "Does not add up to its parent".into(),
        ("not_allocated", Language::ZhCn) => "尚未分解：请先把目标分解到各单位".into(),
        ("not_allocated", Language::EnUs) => "Not allocated yet: split the target first".into(),
        ("not_whole", Language::ZhCn) => "整额拆分之和必须恰好为 100% 或商机金额".into(),
        ("not_whole", Language::EnUs) => {
            "A whole split must add up to exactly 100 % (or the deal's amount)".into()
        }
        ("below_whole", Language::ZhCn) => "超额拆分之和不能少于 100% 或商机金额".into(),
        ("below_whole", Language::EnUs) => {
            "An excess split must add up to at least 100 % or the deal's amount".into()
        }
        ("mixed_shares", Language::ZhCn) => "拆分须全部按比例或全部按金额".into(),
        ("mixed_shares", Language::EnUs) => "Shares must all be ratios or all amounts".into(),
        ("above_cap", Language::ZhCn) => "门槛不能高于封顶".into(),
        ("above_cap", Language::EnUs) => "Is above the cap: nothing would ever be paid".into(),
        ("tier_gap", Language::ZhCn) => "档位之间有空缺".into(),
        ("tier_gap", Language::EnUs) => "Leaves a gap after the tier before".into(),
        ("tier_overlap", Language::ZhCn) => "与上一档位重叠".into(),
        ("tier_overlap", Language::EnUs) => "Overlaps the tier before".into(),
        ("inactive_user", Language::ZhCn) => "该用户已停用".into(),
        ("inactive_user", Language::EnUs) => "This user is deactivated".into(),
        ("outside_plan_year", Language::ZhCn) => "不在目标方案的年度内".into(),
        ("outside_plan_year", Language::EnUs) => "Outside the plan's year".into(),
        ("exceeds_remaining", Language::ZhCn) => "超出合同剩余未下单的数量或金额".into(),
        ("exceeds_remaining", Language::EnUs) => "More than the contract leaves to order".into(),
        ("before_start", Language::ZhCn) => "不能早于开始日期".into(),
        ("before_start", Language::EnUs) => "Before the start date".into(),
        ("below_ordered", Language::ZhCn) => "低于已下单的金额".into(),
        ("below_ordered", Language::EnUs) => "Below what orders already took".into(),
        ("ordered_line_removed", Language::ZhCn) => "已下单的明细不能删除".into(),
        ("ordered_line_removed", Language::EnUs) => {
            "A line orders already took from cannot be removed".into()
        }
        ("in_future", Language::ZhCn) => "不能晚于今天".into(),
        ("in_future", Language::EnUs) => "Cannot be later than today".into(),
        ("not_positive", Language::ZhCn) => "必须大于零".into(),
        ("not_positive", Language::EnUs) => "Must be more than zero".into(),
        ("negative", Language::ZhCn) => "不能为负数".into(),
        ("negative", Language::EnUs) => "Cannot be negative".into(),
        ("more_than_owed", Language::ZhCn) => "超过该应收款尚欠的金额".into(),
        ("more_than_owed", Language::EnUs) => "More than this receivable still owes".into(),
        ("more_than_paid", Language::ZhCn) => "分配合计超过收款金额".into(),
        ("more_than_paid", Language::EnUs) => {
            "The allocations add up to more than the payment".into()
        }
        ("more_than_invoiceable", Language::ZhCn) => "超过该应收款尚可开票的金额".into(),
        ("more_than_invoiceable", Language::EnUs) => {
            "More than this receivable leaves to invoice".into()
        }
        ("more_than_credit", Language::ZhCn) => "超过客户的可用余额".into(),
        ("more_than_credit", Language::EnUs) => "More than the customer's credit".into(),
        ("below_planned", Language::ZhCn) => "低于回款计划合计：请先以变更调低应收".into(),
        ("below_planned", Language::EnUs) => {
            "Below the payment plan: lower its receivables with a change first".into()
        }
        ("below_collected", Language::ZhCn) => "低于该期已收回的金额".into(),
        ("below_collected", Language::EnUs) => "Below what was already collected on it".into(),
        ("below_invoiced", Language::ZhCn) => "低于该期已开票的金额（请先作废发票）".into(),
        ("below_invoiced", Language::EnUs) => {
            "Below what was invoiced on it (void the invoice first)".into()
        }
        ("address_not_allowed", Language::ZhCn) => {
            "不允许访问该地址（内网、本机或云元数据地址）".into()
        }
        ("address_not_allowed", Language::EnUs) => {
            "This address may not be called (a private, local or cloud metadata address)".into()
        }
        ("cannot_drop_collected", Language::ZhCn) => "已收款或已开票的分期不能删除".into(),
        ("cannot_drop_collected", Language::EnUs) => {
            "An installment with money or invoices on it cannot be dropped".into()
        }
        ("ratios_not_whole", Language::ZhCn) => "比例合计必须为 100%".into(),
        ("ratios_not_whole", Language::EnUs) => "The ratios must add up to 100%".into(),
        ("amounts_not_whole", Language::ZhCn) => "各期金额合计必须等于合同金额".into(),
        ("amounts_not_whole", Language::EnUs) => {
            "The installments must add up to the contract amount".into()
        }
        ("mixed", Language::ZhCn) => "各期须全部按金额或全部按比例".into(),
        ("mixed", Language::EnUs) => "All installments by amount or all by ratio".into(),
        ("waived", Language::ZhCn) => "该应收款已减免为零，不能再收款".into(),
        ("waived", Language::EnUs) => "This receivable was waived: nothing is owed on it".into(),
        ("not_in_plan", Language::ZhCn) => "该应收款已不在回款计划中".into(),
        ("not_in_plan", Language::EnUs) => {
            "This receivable is no longer in the payment plan".into()
        }
        ("raised_after_termination", Language::ZhCn) => "合同已终止，应收款只能调低".into(),
        ("raised_after_termination", Language::EnUs) => {
            "The contract is terminated: its receivables can only be lowered".into()
        }
        ("unchanged", Language::ZhCn) => "没有任何应收金额发生变化".into(),
        ("unchanged", Language::EnUs) => "No receivable's amount changes".into(),
        ("not_owed", Language::ZhCn) => "合同尚未生效，该应收款还不应收".into(),
        ("not_owed", Language::EnUs) => {
            "The contract is not in force yet: nothing is owed on this receivable".into()
        }
        ("not_of_customer", Language::ZhCn) => "该合同不属于此客户".into(),
        ("not_of_customer", Language::EnUs) => "This contract is not the customer's".into(),
        ("duplicate", Language::ZhCn) => "重复".into(),
        ("duplicate", Language::EnUs) => "Given twice".into(),
        ("too_many", Language::ZhCn) => "数量过多".into(),
        ("too_many", Language::EnUs) => "Too many".into(),
        ("too_large", Language::ZhCn) => "数值过大".into(),
        ("too_large", Language::EnUs) => "Too large".into(),
        ("idempotency_key_reused", Language::ZhCn) => "该幂等键已用于另一笔不同的请求".into(),
        ("idempotency_key_reused", Language::EnUs) => {
            "This key was used for a different request".into()
        }
        ("no_approver", Language::ZhCn) => "该审批步骤找不到审批人".into(),
        ("no_approver", Language::EnUs) => "Nobody can approve this step".into(),
        (_, Language::ZhCn) => "取值无效".into(),
        (_, Language::EnUs) => "Invalid value".into(),
    }
}

fn pick(lang: Language, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::ZhCn => zh,
        Language::EnUs => en,
    }
}
