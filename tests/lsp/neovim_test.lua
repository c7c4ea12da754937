-- Run by tests/lsp/neovim.sh: loads editors/neovim with the hotlint under
-- test, opens the file given in HOTLINT_TEST_FILE, waits for hotlint's
-- diagnostics and writes them, as JSON, to HOTLINT_TEST_OUT; then asks
-- for a hover and writes whether it came.
local root = os.getenv('HOTLINT_SOURCE_DIR')
vim.opt.runtimepath:append(root .. '/editors/neovim')
require('hotlint').setup({ cmd = { os.getenv('HOTLINT_BIN'), 'lsp' } })
-- as after a user's init.lua: filetype detection on, then the file opens
vim.cmd('filetype on')
vim.cmd('edit ' .. os.getenv('HOTLINT_TEST_FILE'))
local got = vim.wait(10000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out, { code = d.code, lnum = d.lnum, col = d.col,
                      end_col = d.end_col, severity = d.severity,
                      source = d.source, message = d.message })
end
local hover = nil
if got then
  local params = vim.lsp.util.make_position_params()
  params.position = { line = out[1].lnum, character = out[1].col }
  local responses = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 5000)
  for _, response in pairs(responses or {}) do
    if response.result and response.result.contents then
      hover = response.result.contents.value
    end
  end
end
local file = io.open(os.getenv('HOTLINT_TEST_OUT'), 'w')
file:write(vim.fn.json_encode({ waited = got, diagnostics = out, hover = hover }))
file:close()
vim.cmd('qall!')
