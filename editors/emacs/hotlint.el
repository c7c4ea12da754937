;;; hotlint.el --- hotlint's language server with Eglot  -*- lexical-binding: t; -*-

;; Diagnostics, hover and code actions from `hotlint lsp' in Emacs 29+
;; (Eglot is built in) or Emacs 26-28 with Eglot from ELPA.
;;
;;   (add-to-list 'load-path "/path/to/hotlint/editors/emacs")
;;   (require 'hotlint)
;;   (add-hook 'python-mode-hook #'eglot-ensure)     ; or python-ts-mode-hook

;;; Code:

(require 'eglot)

(defgroup hotlint nil
  "The hotlint language server."
  :group 'tools)

(defcustom hotlint-command '("hotlint" "lsp")
  "How to start the hotlint language server."
  :type '(repeat string))

(defcustom hotlint-settings '()
  "Settings sent to the server, as in hotlint's docs/lsp.md.
For example: (:select [\"HOT1\"] :targetVersion \"py312\" :run \"onSave\")."
  :type 'plist)

(defclass hotlint-eglot-server (eglot-lsp-server) ()
  "The hotlint server, which takes its settings at initialization.")

(cl-defmethod eglot-initialization-options ((_server hotlint-eglot-server))
  hotlint-settings)

(add-to-list 'eglot-server-programs
             `((python-mode python-ts-mode)
               . (hotlint-eglot-server . ,hotlint-command)))

(provide 'hotlint)
;;; hotlint.el ends here
